export async function runDemo(_options: { exitWhenDone: boolean }): Promise<number> {
  throw new Error('demo: not built yet');
}
