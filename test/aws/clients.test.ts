import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { createAwsClients, defaultEndpoint } from '../../src/aws/clients.js';
import type { AwsSettings } from '../../src/aws/config.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const settings: AwsSettings = { region: 'eu-west-1', endpoints: { ssm: 'http://127.0.0.1:1/' } };
const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' };

describe('createAwsClients', () => {
  it('turns SDK retries off so smsh is the only layer that retries', async () => {
    const clients = createAwsClients(settings, { credentials });
    expect(await clients.ssm.config.maxAttempts()).toBe(1);
    expect(await clients.ssm.config.region()).toBe('eu-west-1');
    expect(await (await clients.ec2()).config.maxAttempts()).toBe(1);
    clients.destroy();
  });

  it('builds the EC2 and STS clients once, on first use', async () => {
    const clients = createAwsClients(settings, { credentials });
    const first = await clients.ec2();
    expect(await clients.ec2()).toBe(first);
    const sts = await clients.sts();
    expect(await clients.sts()).toBe(sts);
    clients.destroy();
  });

  it('names the overridden endpoint, or the regional default', () => {
    const clients = createAwsClients(settings, { credentials });
    expect(clients.endpointFor('ssm')).toBe('http://127.0.0.1:1/');
    expect(clients.endpointFor('ec2')).toBe('https://ec2.eu-west-1.amazonaws.com');
    expect(defaultEndpoint('ssm', 'cn-north-1')).toBe('https://ssm.cn-north-1.amazonaws.com.cn');
    clients.destroy();
  });

  it('does not resolve credentials until a request is made', () => {
    let asked = 0;
    const clients = createAwsClients(settings, {
      credentials: async () => {
        asked += 1;
        return credentials;
      },
    });
    expect(asked).toBe(0);
    clients.destroy();
  });
});

describe('start-up cost', () => {
  // One-shot mode on an instance id must not load the EC2 or STS client: bundle the modules the
  // way scripts/build.mjs does and check those clients sit only in lazily imported chunks.
  it.each(['src/aws/clients.ts', 'src/target/resolve-target.ts'])('%s keeps EC2 and STS out of the entry chunk', async (entry) => {
    const root = path.resolve(import.meta.dirname, '../..');
    const result = await build({
      absWorkingDir: root,
      entryPoints: [entry],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      mainFields: ['module', 'main'],
      outdir: 'out',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const outputs = Object.entries(result.metafile.outputs);
    const [, entryChunk] = outputs.find(([, output]) => output.entryPoint === entry) ?? [];
    expect(entryChunk).toBeDefined();
    const staticChunks = new Set<string>();
    const visit = (file: string): void => {
      if (staticChunks.has(file)) return;
      staticChunks.add(file);
      for (const imported of result.metafile.outputs[file]?.imports ?? []) {
        if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
      }
    };
    const entryFile = outputs.find(([, output]) => output === entryChunk)?.[0] ?? '';
    visit(entryFile);
    const staticInputs = [...staticChunks].flatMap((file) => Object.keys(result.metafile.outputs[file]?.inputs ?? {}));
    const allInputs = outputs.flatMap(([, output]) => Object.keys(output.inputs));
    expect(allInputs.some((input) => input.includes('@aws-sdk/client-ec2/'))).toBe(true);
    expect(staticInputs.some((input) => input.includes('@aws-sdk/client-ssm/'))).toBe(true);
    expect(staticInputs.filter((input) => input.includes('@aws-sdk/client-ec2/'))).toEqual([]);
    expect(staticInputs.filter((input) => input.includes('@aws-sdk/client-sts/'))).toEqual([]);
  });
});
