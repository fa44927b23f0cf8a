import type { SettingDeclaration } from '../../src/connector-kit/define-settings.js';

/** What the README tables are made of: each provider's name and its declared settings. */
export interface ProviderSettingsDoc {
  provider: string;
  displayName: string;
  variables: readonly (SettingDeclaration & { key: string })[];
}

/**
 * One Markdown table per provider, from its settings declaration (connectors/<provider>/settings.ts):
 * variable, default (the declaration's `defaultText`, else what its schema makes of an unset
 * variable), whether it is a secret, and its `doc` line (with the config file key, where it has one).
 */
export function renderProviderSettings(providers: readonly ProviderSettingsDoc[]): string {
  return providers
    .map((provider) => {
      const rows = provider.variables.map((variable) => {
        const meaning = variable.file === undefined ? variable.doc : `${variable.doc} (file: \`providers.${provider.provider}.${variable.file}\`)`;
        return `| \`${variable.env}\` | ${cell(defaultOf(variable))} | ${variable.secret ? 'yes' : ''} | ${cell(meaning)} |`;
      });
      const table = rows.length === 0 ? 'No settings.' : ['| variable | default | secret | meaning |', '|---|---|---|---|', ...rows].join('\n');
      return `#### ${provider.displayName}\n\nDeclared in \`connectors/${provider.provider}/settings.ts\`.\n\n${table}\n`;
    })
    .join('\n');
}

function defaultOf(variable: SettingDeclaration): string {
  if (variable.defaultText !== undefined) return variable.defaultText;
  const parsed = variable.schema.safeParse(undefined);
  if (!parsed.success) return 'required';
  const value: unknown = parsed.data;
  if (value === undefined || value === null) return 'unset';
  if (Array.isArray(value)) return `\`${value.join(',')}\``;
  if (typeof value === 'object') return `\`${JSON.stringify(value)}\``;
  return `\`${String(value as string | number | boolean)}\``;
}

/** A table cell: a pipe would end it, a newline would end the row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
