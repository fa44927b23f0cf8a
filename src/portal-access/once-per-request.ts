/**
 * `read` memoised per request object: a portal page's several asks share one answer. A failed answer
 * is not kept (the next ask on the request tries again); without a request, every call reads.
 */
export function oncePerRequest<T, A extends unknown[]>(read: (request: object | undefined, ...args: A) => Promise<T>): (request: object | undefined, ...args: A) => Promise<T> {
  const answered = new WeakMap<object, Promise<T>>();
  return (request, ...args) => {
    const known = request ? answered.get(request) : undefined;
    if (known) return known;
    const answer = read(request, ...args);
    if (request) {
      answered.set(request, answer);
      answer.catch(() => answered.delete(request));
    }
    return answer;
  };
}
