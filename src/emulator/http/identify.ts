// Which service and operation a request is for: the SigV4 scope's service when present,
// else X-Amz-Target (SSM) or the query protocol's Action/Version (EC2, STS).
import type { IncomingHttpHeaders } from 'node:http';
import type { ServiceName } from '../service-errors.js';
import { scopeService } from './sigv4-verify.js';

/** The service and operation of one request; `params` holds the query-protocol parameters. */
export interface RequestTarget {
  service: ServiceName;
  /** Operation name, or undefined when the request names none. */
  operation: string | undefined;
  params: URLSearchParams;
}

const QUERY_VERSIONS: Record<string, ServiceName> = { '2016-11-15': 'ec2', '2011-06-15': 'sts' };
const QUERY_ACTIONS: Record<string, ServiceName> = { DescribeInstances: 'ec2', GetCallerIdentity: 'sts' };

/** Identifies the service and operation of a request. */
export function identify(method: string, headers: IncomingHttpHeaders, query: URLSearchParams, body: Buffer): RequestTarget {
  const target = headers['x-amz-target'];
  const scoped = scopeService(headers);
  const contentType = String(headers['content-type'] ?? '');
  const isForm = contentType.startsWith('application/x-www-form-urlencoded');
  const params = method === 'POST' && isForm ? new URLSearchParams(body.toString('utf8')) : new URLSearchParams(query);
  if (typeof target === 'string' && (scoped === undefined || scoped === 'ssm')) {
    const dot = target.indexOf('.');
    const prefix = target.slice(0, dot);
    return { service: 'ssm', operation: prefix === 'AmazonSSM' ? target.slice(dot + 1) : undefined, params };
  }
  const action = params.get('Action') ?? undefined;
  const byScope = scoped === 'ec2' || scoped === 'sts' || scoped === 'ssm' ? scoped : undefined;
  const service =
    byScope ?? QUERY_VERSIONS[params.get('Version') ?? ''] ?? (action ? QUERY_ACTIONS[action] : undefined) ?? 'ssm';
  return { service, operation: service === 'ssm' ? undefined : action, params };
}
