import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isRecord, operation, shapeOf, type Issue, type ServiceModel, type ShapeRef } from './service-model.js';

// Maps EC2/query-protocol XML onto model member names the way botocore's QueryParser and
// EC2QueryParser do, recording every element the model does not allow, so the result can
// go through the same shape validator as JSON bodies.

/** A parsed XML element with its children in document order. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
});

/** Parses a document into one root element, reporting malformed XML as an issue. */
export function parseXml(xml: string): { root?: XmlElement; issues: Issue[] } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { issues: [{ path: '$', message: `malformed XML: ${valid.err.msg} (line ${valid.err.line})` }] };
  const top = toElements(parser.parse(xml) as unknown);
  if (top.length !== 1 || !top[0]) return { issues: [{ path: '$', message: `expected one root element, got ${top.length}` }] };
  return { root: top[0], issues: [] };
}

function toElements(nodes: unknown): XmlElement[] {
  if (!Array.isArray(nodes)) return [];
  const out: XmlElement[] = [];
  for (const node of nodes as unknown[]) {
    if (!isRecord(node)) continue;
    for (const [name, body] of Object.entries(node)) {
      if (name === ':@' || name === '#text') continue;
      const attrsRaw = node[':@'];
      const attrs: Record<string, string> = {};
      if (isRecord(attrsRaw)) for (const [k, v] of Object.entries(attrsRaw)) attrs[k] = String(v);
      const kids = Array.isArray(body) ? (body as unknown[]) : [];
      const text = kids.map((k) => (isRecord(k) && '#text' in k ? String(k['#text']) : '')).join('');
      out.push({ name, attrs, children: toElements(kids), text });
    }
  }
  return out;
}

/** Finds exactly one child by name, reporting absence or duplicates. */
export function onlyChild(el: XmlElement, name: string, path: string, issues: Issue[]): XmlElement | undefined {
  const found = el.children.filter((c) => c.name === name);
  if (found.length === 0) issues.push({ path: `${path}.${name}`, message: `missing element <${name}>` });
  if (found.length > 1) issues.push({ path: `${path}.${name}`, message: `element <${name}> appears ${found.length} times` });
  return found[0];
}

/** Reports child elements outside an allowed set. */
export function noOtherChildren(el: XmlElement, allowed: string[], path: string, issues: Issue[]): void {
  for (const c of el.children) {
    if (!allowed.includes(c.name)) issues.push({ path: `${path}.${c.name}`, message: `unexpected element <${c.name}> in <${el.name}> (allowed: ${allowed.join(', ')})` });
  }
}

const stripSlash = (ns: string): string => ns.replace(/\/+$/, '');

/** Decodes a successful EC2/query response into the operation's output value (member names). */
export function decodeXmlOutput(model: ServiceModel, opName: string, xml: string): { value: unknown; issues: Issue[] } {
  const { root, issues } = parseXml(xml);
  if (!root) return { value: undefined, issues };
  const op = operation(model, opName);
  const path = '$';
  if (root.name !== `${opName}Response`) issues.push({ path, message: `root element is <${root.name}>, expected <${opName}Response>` });
  const ns = model.metadata.xmlNamespace;
  if (ns && stripSlash(root.attrs['xmlns'] ?? '') !== stripSlash(ns)) {
    issues.push({ path, message: `xmlns is ${JSON.stringify(root.attrs['xmlns'] ?? null)}, expected ${JSON.stringify(`${stripSlash(ns)}/`)}` });
  }
  if (model.metadata.protocol === 'ec2') {
    // EC2 puts the members straight under the root, next to <requestId> (botocore's ResponseMetadata).
    const requestId = onlyChild(root, 'requestId', path, issues);
    if (requestId && requestId.text === '') issues.push({ path: `${path}.requestId`, message: 'empty requestId' });
    const body: XmlElement = { ...root, children: root.children.filter((c) => c.name !== 'requestId') };
    return { value: op.output ? decodeXmlValue(model, op.output, body, path, issues) : {}, issues };
  }
  // Query protocol (STS): <XResult> (the operation's resultWrapper) and <ResponseMetadata><RequestId>.
  const wrapper = op.output?.resultWrapper;
  noOtherChildren(root, wrapper ? [wrapper, 'ResponseMetadata'] : ['ResponseMetadata'], path, issues);
  const meta = onlyChild(root, 'ResponseMetadata', path, issues);
  if (meta) {
    noOtherChildren(meta, ['RequestId'], `${path}.ResponseMetadata`, issues);
    const rid = onlyChild(meta, 'RequestId', `${path}.ResponseMetadata`, issues);
    if (rid && rid.text === '') issues.push({ path: `${path}.ResponseMetadata.RequestId`, message: 'empty RequestId' });
  }
  if (!op.output) return { value: {}, issues };
  const result = wrapper ? onlyChild(root, wrapper, path, issues) : root;
  return { value: result ? decodeXmlValue(model, op.output, result, `${path}`, issues) : undefined, issues };
}

/** botocore's XML naming: a member is the element locationName, else its member name. */
function memberElementName(model: ServiceModel, name: string, ref: ShapeRef): string {
  const target = shapeOf(model, ref);
  if (target.type === 'list' && (ref.flattened ?? target.flattened)) return ref.locationName ?? target.member?.locationName ?? name;
  return ref.locationName ?? name;
}

/** Decodes one element per its shape; scalars that do not parse stay strings so the validator flags them. */
export function decodeXmlValue(model: ServiceModel, ref: ShapeRef, el: XmlElement, path: string, issues: Issue[]): unknown {
  const shape = shapeOf(model, ref);
  switch (shape.type) {
    case 'structure': {
      if (el.text !== '') issues.push({ path, message: `unexpected text ${JSON.stringify(el.text.slice(0, 40))} in structure <${el.name}>` });
      const members = Object.entries(shape.members ?? {});
      const out: Record<string, unknown> = {};
      for (const child of el.children) {
        const hit = members.find(([name, mref]) => memberElementName(model, name, mref) === child.name);
        if (!hit) {
          const allowed = members.map(([n, r]) => memberElementName(model, n, r));
          issues.push({ path: `${path}.${child.name}`, message: `unknown element <${child.name}> (allowed: ${allowed.slice(0, 15).join(', ')}${allowed.length > 15 ? ', …' : ''})` });
          continue;
        }
        const [name, mref] = hit;
        const target = shapeOf(model, mref);
        if (target.type === 'list' && (mref.flattened ?? target.flattened)) {
          const list = (out[name] as unknown[] | undefined) ?? [];
          list.push(decodeXmlValue(model, target.member ?? { shape: '?' }, child, `${path}.${name}[${list.length}]`, issues));
          out[name] = list;
          continue;
        }
        if (name in out) issues.push({ path: `${path}.${name}`, message: `element <${child.name}> appears more than once` });
        out[name] = decodeXmlValue(model, mref, child, `${path}.${name}`, issues);
      }
      return out;
    }
    case 'list': {
      const itemName = shape.member?.locationName ?? 'member';
      const items: unknown[] = [];
      for (const child of el.children) {
        if (child.name !== itemName) {
          issues.push({ path: `${path}.${child.name}`, message: `list <${el.name}> holds <${child.name}>, expected <${itemName}>` });
          continue;
        }
        items.push(decodeXmlValue(model, shape.member ?? { shape: '?' }, child, `${path}[${items.length}]`, issues));
      }
      return items;
    }
    case 'map': {
      const keyName = shape.key?.locationName ?? 'key';
      const valueName = shape.value?.locationName ?? 'value';
      const out: Record<string, unknown> = {};
      for (const entry of el.children) {
        const k = onlyChild(entry, keyName, `${path}.entry`, issues);
        const v = onlyChild(entry, valueName, `${path}.entry`, issues);
        if (k && v && shape.value) out[k.text] = decodeXmlValue(model, shape.value, v, `${path}.${k.text}`, issues);
      }
      return out;
    }
    default:
      if (el.children.length > 0) issues.push({ path, message: `scalar <${el.name}> has child elements <${el.children[0]?.name ?? ''}>` });
      return decodeScalar(shape.type, el.text);
  }
}

function decodeScalar(type: string, text: string): unknown {
  switch (type) {
    case 'integer':
    case 'long':
      return /^-?\d+$/.test(text) ? Number(text) : text;
    case 'double':
    case 'float':
      return /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    default:
      return text;
  }
}
