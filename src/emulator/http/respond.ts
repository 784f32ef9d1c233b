// Writes answers and errors in each service's wire format (ssm-facts.md "Wire protocols").
import type { ServerResponse } from 'node:http';
import type { AwsError } from '../errors.js';
import type { ServiceName } from '../service-errors.js';
import { buildXml, type XmlTree } from './xml.js';

const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

function send(res: ServerResponse, status: number, contentType: string, body: string, requestId: string): void {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': requestId,
  });
  res.end(body);
}

/** An awsJson1_1 success answer. */
export function sendJson(res: ServerResponse, body: unknown, requestId: string): void {
  send(res, 200, 'application/x-amz-json-1.1', JSON.stringify(body), requestId);
}

/** An EC2 query-protocol success answer: `<{Action}Response xmlns=…><requestId>…`. */
export function sendEc2(res: ServerResponse, action: string, content: XmlTree, requestId: string): void {
  send(res, 200, 'text/xml;charset=UTF-8', buildXml(`${action}Response`, EC2_NS, { requestId, ...content }), requestId);
}

/** An STS query-protocol success answer: `<{Action}Response><{Action}Result>…</…><ResponseMetadata>`. */
export function sendSts(res: ServerResponse, action: string, result: XmlTree, requestId: string): void {
  const body = buildXml(`${action}Response`, STS_NS, {
    [`${action}Result`]: result,
    ResponseMetadata: { RequestId: requestId },
  });
  send(res, 200, 'text/xml', body, requestId);
}

/** An error in the format of `service`. */
export function sendError(res: ServerResponse, service: ServiceName, error: AwsError, requestId: string): void {
  if (service === 'ssm') {
    const body: Record<string, string> = { __type: error.code };
    if (error.awsMessage !== undefined) body.message = error.awsMessage;
    send(res, error.httpStatus, 'application/x-amz-json-1.1', JSON.stringify(body), requestId);
    return;
  }
  if (service === 'ec2') {
    const xml = buildXml('Response', undefined, {
      Errors: { Error: { Code: error.code, Message: error.awsMessage ?? '' } },
      RequestID: requestId,
    });
    send(res, error.httpStatus, 'text/xml;charset=UTF-8', xml, requestId);
    return;
  }
  const xml = buildXml('ErrorResponse', STS_NS, {
    Error: { Type: error.side, Code: error.code, Message: error.awsMessage ?? '' },
    RequestId: requestId,
  });
  send(res, error.httpStatus, 'text/xml', xml, requestId);
}
