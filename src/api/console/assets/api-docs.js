// Lists /api/openapi.json by tag: method, path, summary, scope, parameters and answers.
// Text only (textContent), so nothing in the document can become markup.

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function describeSchema(schema) {
  if (!schema || typeof schema !== 'object') return '';
  if (schema.enum) return schema.enum.join(' | ');
  if (schema.anyOf) return schema.anyOf.map(describeSchema).join(' or ');
  if (schema.type === 'array') return `${describeSchema(schema.items)}[]`;
  return schema.type ?? 'any';
}

function operationSection(method, path, operation) {
  const section = el('section', undefined, 'api-op');
  section.append(el('h3', `${method.toUpperCase()} ${path}`));
  if (operation.summary) section.append(el('p', operation.summary));
  if (operation.description) section.append(el('p', operation.description, 'api-note'));
  const params = operation.parameters ?? [];
  if (params.length > 0) {
    const list = el('ul');
    for (const p of params)
      list.append(
        el(
          'li',
          `${p.in} ${p.name}${p.required ? ' (required)' : ''}: ${describeSchema(p.schema)}`,
        ),
      );
    section.append(el('h4', 'Parameters'), list);
  }
  const body = operation.requestBody?.content;
  if (body) {
    const [type, media] = Object.entries(body)[0] ?? [];
    const fields = Object.keys(media?.schema?.properties ?? {});
    section.append(
      el('h4', 'Body'),
      el('p', `${type}${fields.length ? `: ${fields.join(', ')}` : ''}`),
    );
  }
  const answers = el('ul');
  for (const [status, answer] of Object.entries(operation.responses ?? {}))
    answers.append(el('li', `${status}: ${answer.description ?? ''}`));
  section.append(el('h4', 'Answers'), answers);
  return section;
}

async function main() {
  const target = document.getElementById('routes');
  const response = await fetch('/api/openapi.json');
  if (!response.ok) {
    target.replaceChildren(el('p', `Cannot read the document (HTTP ${response.status}).`));
    return;
  }
  const doc = await response.json();
  const byTag = new Map();
  for (const [path, item] of Object.entries(doc.paths ?? {}))
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? 'other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push(operationSection(method, path, operation));
    }
  const parts = [];
  for (const [tag, sections] of [...byTag].sort(([a], [b]) => a.localeCompare(b)))
    parts.push(el('h2', tag), ...sections);
  target.replaceChildren(...parts);
}

main().catch((error) => {
  document.getElementById('routes').replaceChildren(el('p', `Cannot show the document: ${error}`));
});
