// XML answers of the query protocols (EC2, STS), built with fast-xml-parser (escapes text).
import { XMLBuilder } from 'fast-xml-parser';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false });

/** An XML element tree: objects are elements, arrays repeat the element, '' is an empty element. */
export type XmlTree = { [name: string]: XmlNode };
/** One XML node value. */
export type XmlNode = string | number | boolean | XmlTree | XmlNode[];

/** `<root xmlns="…">…</root>` with an XML declaration. */
export function buildXml(root: string, namespace: string | undefined, content: XmlTree): string {
  const element: XmlTree = namespace ? { '@_xmlns': namespace, ...content } : content;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: element }) as string}`;
}

/** A list as the query protocols write it: `<set><item>…</item>…</set>`, '' when empty. */
export function itemList(items: XmlTree[]): XmlNode {
  return items.length === 0 ? '' : { item: items };
}
