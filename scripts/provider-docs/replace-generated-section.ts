export const START_MARKER = '<!-- provider-settings:start -->';
export const END_MARKER = '<!-- provider-settings:end -->';
const NOTE = '<!-- Generated from each connector\'s settings declaration (connectors/<provider>/settings.ts) by `npm run docs:providers`: edit the declarations, not this section. -->';

/** The README with the text between the markers replaced by `generated`; throws when the markers are missing or out of order. */
export function replaceGeneratedSection(readme: string, generated: string): string {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start < 0 || end < start || readme.indexOf(START_MARKER, start + 1) >= 0) {
    throw new Error(`README.md needs one ${START_MARKER} … ${END_MARKER} section where the provider settings tables belong`);
  }
  return `${readme.slice(0, start)}${START_MARKER}\n${NOTE}\n\n${generated.trim()}\n\n${readme.slice(end)}`;
}
