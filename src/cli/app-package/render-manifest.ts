export class ManifestError extends Error {
  readonly code = 'manifest_invalid';
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

const PLACEHOLDER = /\$\{\{([A-Z0-9_]+)\}\}/g;

/**
 * The manifest template (manifest/manifest.json) with each `${{NAME}}` replaced by its value.
 * Values replace whole placeholders inside strings only, so they can never change the JSON's
 * structure; a placeholder with no value is an error, not a blank.
 */
export function renderManifest(template: unknown, values: Record<string, string>): Record<string, unknown> {
  const fill = (node: unknown): unknown => {
    if (typeof node === 'string') {
      return node.replace(PLACEHOLDER, (_, name: string) => {
        const value = values[name];
        if (value === undefined) throw new ManifestError(`manifest placeholder \${{${name}}} has no value`);
        return value;
      });
    }
    if (Array.isArray(node)) return node.map(fill);
    if (node !== null && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v)]));
    return node;
  };
  const manifest = fill(template);
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest))
    throw new ManifestError('manifest template is not a JSON object');
  return manifest as Record<string, unknown>;
}
