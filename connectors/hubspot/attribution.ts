import type { PortalActionInput } from '../../src/connector-kit/index.js';

/** The line that tells staff who wrote it and where: "— Nancy Davolio via the client portal". */
export function attributionLine(input: Pick<PortalActionInput, 'authorName'>): string {
  return `— ${input.authorName} via the client portal`;
}
