import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { botocoreDataDir, modelsOrWarn, loadServiceModel, validateOutput } from './service-model.js';
import { validateResponse, type RawResponse } from './response-body.js';

// The validator's own tests: hand-written bodies it must accept, and one broken thing at a
// time it must reject, so a green conformance run means something.

const models = modelsOrWarn() ? botocoreDataDir() : undefined;
const JSON_HEADERS = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': 'f0e1d2c3-0000-4000-8000-000000000000' };
const XML_HEADERS = { 'content-type': 'text/xml;charset=UTF-8' };

const command = (): Record<string, unknown> => ({
  CommandId: '0831e1a8-a1ac-4257-a1fd-c831bEXAMPLE',
  DocumentName: 'AWS-RunShellScript',
  DocumentVersion: '$DEFAULT',
  Comment: '',
  ExpiresAfter: 1550181014.717,
  Parameters: { commands: ['echo hi'] },
  InstanceIds: ['i-0123456789abcdef0'],
  Targets: [],
  RequestedDateTime: 1550173814.717,
  Status: 'Pending',
  StatusDetails: 'Pending',
  OutputS3Region: 'us-east-1',
  OutputS3BucketName: '',
  OutputS3KeyPrefix: '',
  MaxConcurrency: '50',
  MaxErrors: '0',
  TargetCount: 1,
  CompletedCount: 0,
  ErrorCount: 0,
  DeliveryTimedOutCount: 0,
  ServiceRole: '',
  NotificationConfig: { NotificationArn: '', NotificationEvents: [], NotificationType: 'Command' },
  CloudWatchOutputConfig: { CloudWatchLogGroupName: 'x', CloudWatchOutputEnabled: false },
  TimeoutSeconds: 3600,
  TriggeredAlarms: [{ Name: 'a', State: 'ALARM' }],
});

const invocation = (): Record<string, unknown> => ({
  CommandId: '0831e1a8-a1ac-4257-a1fd-c831bEXAMPLE',
  InstanceId: 'i-0123456789abcdef0',
  Comment: '',
  DocumentName: 'AWS-RunShellScript',
  DocumentVersion: '$DEFAULT',
  PluginName: 'aws:runShellScript',
  ResponseCode: 0,
  ExecutionStartDateTime: '2019-02-14T19:50:15.049Z',
  ExecutionElapsedTime: 'PT0.091S',
  ExecutionEndDateTime: '2019-02-14T19:50:15.049Z',
  Status: 'Success',
  StatusDetails: 'Success',
  StandardOutputContent: 'hi\n',
  StandardOutputUrl: '',
  StandardErrorContent: '',
  StandardErrorUrl: '',
  CloudWatchOutputConfig: { CloudWatchLogGroupName: '', CloudWatchOutputEnabled: false },
});

const ec2Body = (instanceExtra = '', stateName = 'running'): string => `<?xml version="1.0" encoding="UTF-8"?>
<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>8f7724cf-496f-496e-8fe3-example</requestId>
  <reservationSet>
    <item>
      <reservationId>r-1234567890abcdef0</reservationId>
      <ownerId>123456789012</ownerId>
      <groupSet/>
      <instancesSet>
        <item>
          <instanceId>i-1234567890abcdef0</instanceId>
          <imageId>ami-bff32ccc</imageId>
          <instanceState><code>16</code><name>${stateName}</name></instanceState>
          <privateDnsName>ip-192-168-1-88.eu-west-1.compute.internal</privateDnsName>
          <dnsName>ec2-54-194-252-215.eu-west-1.compute.amazonaws.com</dnsName>
          <instanceType>t2.micro</instanceType>
          <launchTime>2018-05-08T16:46:19.000Z</launchTime>
          <privateIpAddress>192.168.1.88</privateIpAddress>
          <ipAddress>54.194.252.215</ipAddress>
          <subnetId>subnet-56f5f633</subnetId>
          <vpcId>vpc-11112222</vpcId>
          <platform>windows</platform>${instanceExtra}
          <tagSet><item><key>Name</key><value>web &amp; db</value></item></tagSet>
        </item>
      </instancesSet>
    </item>
  </reservationSet>
</DescribeInstancesResponse>`;

const stsBody = (result: string): string => `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  ${result}
  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`;
const STS_RESULT = '<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/smsh</Arn><UserId>AIDACKCEVSQ6C2EXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult>';

// The AWS CLI ships real responses as examples next to the models: the first output block of each.
const examplesDir = models ? resolve(models, '../../examples') : '';
function publishedOutput(file: string): unknown {
  const rst = readFileSync(resolve(examplesDir, file), 'utf8').replace(/\r\n/g, '\n');
  const block = /Output::\n\n((?: {4}.*\n|\n)+)/.exec(rst)?.[1] ?? '';
  return JSON.parse(block.replace(/^ {4}/gm, ''));
}

const ssm = (op: string, body: unknown, status = 200, headers: Record<string, string> = JSON_HEADERS): ReturnType<typeof validateResponse> =>
  validateResponse('ssm', op, { status, headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
const xml = (service: 'ec2' | 'sts', op: string, body: string, status = 200): ReturnType<typeof validateResponse> =>
  validateResponse(service, op, { status, headers: XML_HEADERS, body } satisfies RawResponse);
const paths = (v: { issues: { path: string }[] }): string[] => v.issues.map((i) => i.path);

describe.skipIf(!models)('the service-model validator (botocore models from Debian awscli)', () => {
  describe('accepts hand-written valid bodies', () => {
    it('accepts a full SendCommand result with epoch-second timestamps', () => {
      expect(ssm('SendCommand', { Command: command() }).issues).toEqual([]);
    });

    it('accepts a GetCommandInvocation result whose execution times are ISO strings', () => {
      expect(ssm('GetCommandInvocation', invocation()).issues).toEqual([]);
    });

    it('accepts an empty CancelCommand result', () => {
      expect(ssm('CancelCommand', {}).issues).toEqual([]);
    });

    it('accepts ListCommandInvocations with plugin details', () => {
      const body = {
        CommandInvocations: [{
          CommandId: '0831e1a8-a1ac-4257-a1fd-c831bEXAMPLE', InstanceId: 'i-0123456789abcdef0', InstanceName: 'web', Comment: '',
          DocumentName: 'AWS-RunShellScript', DocumentVersion: '$DEFAULT', RequestedDateTime: 1550173814.717, Status: 'Success',
          StatusDetails: 'Success', TraceOutput: '', StandardOutputUrl: '', StandardErrorUrl: '', ServiceRole: '',
          NotificationConfig: { NotificationArn: '', NotificationEvents: [], NotificationType: 'Command' },
          CloudWatchOutputConfig: { CloudWatchLogGroupName: '', CloudWatchOutputEnabled: false },
          CommandPlugins: [{ Name: 'aws:runShellScript', Status: 'Success', StatusDetails: 'Success', ResponseCode: 0,
            ResponseStartDateTime: 1550173815.0, ResponseFinishDateTime: 1550173815.1, Output: 'hi\n',
            StandardOutputUrl: '', StandardErrorUrl: '', OutputS3Region: 'us-east-1', OutputS3BucketName: '', OutputS3KeyPrefix: '' }],
        }],
      };
      expect(ssm('ListCommandInvocations', body).issues).toEqual([]);
    });

    it('accepts a DescribeInstances XML body, with the lowercase platform EC2 really sends, and maps it to model member names', () => {
      expect(xml('ec2', 'DescribeInstances', ec2Body().replace('<platform>windows</platform>', '<platform>Windows</platform>')).issues).toEqual([]);
      const v = xml('ec2', 'DescribeInstances', ec2Body());
      expect(v.issues).toEqual([]);
      expect(v.value).toMatchObject({
        Reservations: [{ OwnerId: '123456789012', Groups: [], Instances: [{ InstanceId: 'i-1234567890abcdef0', State: { Code: 16, Name: 'running' }, PublicIpAddress: '54.194.252.215', Tags: [{ Key: 'Name', Value: 'web & db' }] }] }],
      });
    });

    it('accepts a GetCallerIdentity body inside its GetCallerIdentityResult wrapper', () => {
      const v = xml('sts', 'GetCallerIdentity', stsBody(STS_RESULT));
      expect(v.issues).toEqual([]);
      expect(v.value).toEqual({ Arn: 'arn:aws:iam::123456789012:user/smsh', UserId: 'AIDACKCEVSQ6C2EXAMPLE', Account: '123456789012' });
    });

    it('accepts declared and common SSM errors, with or without a message', () => {
      expect(ssm('SendCommand', { __type: 'InvalidInstanceId', message: 'Instances [[i-0123456789abcdef0]] not in a valid state' }, 400).issues).toEqual([]);
      expect(ssm('GetCommandInvocation', { __type: 'InvocationDoesNotExist' }, 400)).toEqual({ error: { code: 'InvocationDoesNotExist' }, issues: [] });
      expect(ssm('ListCommands', { __type: 'ThrottlingException', message: 'Rate exceeded' }, 400).issues).toEqual([]);
      expect(ssm('SendCommand', { __type: 'com.amazonaws.ssm#InvalidDocument', Message: 'x' }, 400).error?.code).toBe('InvalidDocument');
      expect(ssm('SendCommand', { __type: 'InternalServerError', message: 'x' }, 500).issues).toEqual([]);
    });

    it('accepts the EC2 and STS error envelopes', () => {
      const ec2Err = '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>The instance ID \'i-1234567890abcdef0\' does not exist</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>';
      expect(xml('ec2', 'DescribeInstances', ec2Err, 400)).toEqual({ error: { code: 'InvalidInstanceID.NotFound', message: "The instance ID 'i-1234567890abcdef0' does not exist" }, issues: [] });
      const stsErr = '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>4d0a-example</RequestId></ErrorResponse>';
      expect(xml('sts', 'GetCallerIdentity', stsErr, 403).issues).toEqual([]);
    });
  });

  describe.skipIf(!existsSync(examplesDir))('agrees with the responses AWS published in the CLI examples', () => {
    it.each([
      ['SendCommand', 'ssm/send-command.rst'],
      ['GetCommandInvocation', 'ssm/get-command-invocation.rst'],
      ['ListCommandInvocations', 'ssm/list-command-invocations.rst'],
      ['DescribeInstanceInformation', 'ssm/describe-instance-information.rst'],
    ])('accepts the published %s response', (op, file) => {
      expect(validateOutput(loadServiceModel('ssm'), op, publishedOutput(file))).toEqual([]);
    });

    it('flags the empty strings AWS sends only when asked to be stricter than AWS', () => {
      const strict = validateOutput(loadServiceModel('ssm'), 'SendCommand', publishedOutput('ssm/send-command.rst'), { strictEmptyStrings: true });
      expect(strict.map((i) => i.path).sort()).toEqual(['$.Command.CloudWatchOutputConfig.CloudWatchLogGroupName', '$.Command.DocumentVersion', '$.Command.NotificationConfig.NotificationType', '$.Command.OutputS3BucketName']);
    });
  });

  describe('rejects broken bodies, one defect at a time', () => {
    it('rejects a structure that lacks a required member', () => {
      const c = { ...command(), AlarmConfiguration: { IgnorePollAlarmFailure: true } };
      expect(paths(ssm('SendCommand', { Command: c }))).toEqual(['$.Command.AlarmConfiguration.Alarms']);
    });

    it('rejects a status outside the enum', () => {
      const v = ssm('GetCommandInvocation', { ...invocation(), Status: 'Done' });
      expect(v.issues).toEqual([{ path: '$.Status', message: expect.stringContaining('"Done" is not one of the enum values') }]);
      expect(paths(ssm('GetCommandInvocation', { ...invocation(), Status: '' }))).toEqual(['$.Status']);
    });

    it('rejects a member of the wrong type', () => {
      expect(paths(ssm('GetCommandInvocation', { ...invocation(), ResponseCode: '0' }))).toEqual(['$.ResponseCode']);
      expect(paths(ssm('SendCommand', { Command: { ...command(), TargetCount: 1.5 } }))).toEqual(['$.Command.TargetCount']);
      expect(paths(ssm('SendCommand', { Command: { ...command(), InstanceIds: 'i-0123456789abcdef0' } }))).toEqual(['$.Command.InstanceIds']);
      expect(paths(ssm('SendCommand', { Command: { ...command(), Parameters: { commands: 'ls' } } }))).toEqual(['$.Command.Parameters.commands']);
    });

    it('rejects JSON timestamps sent as ISO strings or as milliseconds', () => {
      expect(ssm('SendCommand', { Command: { ...command(), RequestedDateTime: '2019-02-14T19:50:14.717Z' } }).issues[0]?.message).toMatch(/epoch seconds/);
      expect(ssm('SendCommand', { Command: { ...command(), RequestedDateTime: 1550173814717 } }).issues[0]?.message).toMatch(/milliseconds/);
      expect(paths(ssm('GetCommandInvocation', { ...invocation(), ExecutionStartDateTime: 1550173814 }))).toEqual(['$.ExecutionStartDateTime']);
    });

    it('rejects an unknown member', () => {
      expect(ssm('SendCommand', { Command: { ...command(), Foo: 1 } }).issues).toEqual([{ path: '$.Command.Foo', message: expect.stringContaining('unknown member') }]);
      expect(paths(ssm('CancelCommand', { ok: true }))).toEqual(['$.ok']);
    });

    it('rejects null instead of an omitted member', () => {
      expect(paths(ssm('GetCommandInvocation', { ...invocation(), StandardErrorUrl: null }))).toEqual(['$.StandardErrorUrl']);
    });

    it('rejects strings past their length bounds or off their pattern', () => {
      expect(paths(ssm('GetCommandInvocation', { ...invocation(), StandardErrorContent: 'e'.repeat(8001) }))).toEqual(['$.StandardErrorContent']);
      expect(paths(ssm('GetCommandInvocation', { ...invocation(), StandardOutputContent: 'o'.repeat(24001) }))).toEqual(['$.StandardOutputContent']);
      expect(paths(ssm('GetCommandInvocation', { ...invocation(), CommandId: 'short' }))).toEqual(['$.CommandId']);
      expect(paths(ssm('GetCommandInvocation', { ...invocation(), InstanceId: 'host-1' }))).toEqual(['$.InstanceId']);
      expect(paths(ssm('GetCommandInvocation', { ...invocation(), ExecutionElapsedTime: 'soon' }))).toEqual(['$.ExecutionElapsedTime']);
    });

    it('rejects an error code the operation does not declare', () => {
      expect(ssm('SendCommand', { __type: 'InvocationDoesNotExist' }, 400).issues).toEqual([{ path: 'error code', message: expect.stringContaining('neither declared for SendCommand') }]);
      expect(paths(ssm('SendCommand', { __type: 'NoSuchThing', message: 'x' }, 400))).toEqual(['error code']);
    });

    it('rejects error bodies without __type, with extra members, or with the wrong status or headers', () => {
      expect(paths(ssm('SendCommand', { code: 'InvalidInstanceId', message: 'x' }, 400))).toEqual(['$.__type']);
      expect(paths(ssm('SendCommand', { __type: 'InvalidInstanceId', message: 'x', Reason: 'y' }, 400))).toEqual(['$.Reason']);
      expect(paths(ssm('SendCommand', { __type: 'InvalidInstanceId', message: 'x' }, 500))).toEqual(['status']);
      expect(paths(ssm('SendCommand', { __type: 'InvalidInstanceId' }, 400, { 'content-type': 'application/json' }))).toEqual(['header content-type', 'header x-amzn-RequestId']);
      expect(paths(ssm('SendCommand', '<html>oops</html>', 502))).toEqual(['$']);
    });

    it('rejects EC2 XML with an unknown element, a bad enum, a non-integer code or a mislabelled list item', () => {
      expect(xml('ec2', 'DescribeInstances', ec2Body().replace('<platform>windows', '<platform>linux')).issues).toEqual([{ path: '$.Reservations[0].Instances[0].Platform', message: expect.stringContaining('"linux" is not one of the enum values (Windows)') }]);
      const fixed = (extra: string, state = 'running'): string => ec2Body(extra, state).replace('<platform>windows</platform>', '');
      expect(paths(xml('ec2', 'DescribeInstances', fixed('<hostname>x</hostname>')))).toEqual(['$.Reservations[0].Instances[0].hostname']);
      expect(paths(xml('ec2', 'DescribeInstances', fixed('', 'Running')))).toEqual(['$.Reservations[0].Instances[0].State.Name']);
      expect(paths(xml('ec2', 'DescribeInstances', fixed('').replace('<code>16</code>', '<code>sixteen</code>')))).toEqual(['$.Reservations[0].Instances[0].State.Code']);
      expect(paths(xml('ec2', 'DescribeInstances', fixed('').replace('<item><key>', '<member><key>').replace('</value></item>', '</value></member>')))).toEqual(['$.Reservations[0].Instances[0].Tags.member']);
      expect(paths(xml('ec2', 'DescribeInstances', fixed('').replace('<launchTime>2018-05-08T16:46:19.000Z', '<launchTime>1525797979')))).toEqual(['$.Reservations[0].Instances[0].LaunchTime']);
    });

    it('rejects EC2 XML without requestId, under the wrong root or namespace, or malformed', () => {
      const good = ec2Body().replace('<platform>windows</platform>', '');
      expect(paths(xml('ec2', 'DescribeInstances', good.replace(/<requestId>.*<\/requestId>/, '')))).toEqual(['$.requestId']);
      expect(paths(xml('ec2', 'DescribeInstances', good.replace(/DescribeInstancesResponse/g, 'DescribeInstancesResult')))).toEqual(['$']);
      expect(xml('ec2', 'DescribeInstances', good.replace('doc/2016-11-15/', 'doc/2014-01-01/')).issues[0]?.message).toMatch(/xmlns/);
      expect(xml('ec2', 'DescribeInstances', good.replace('</instancesSet>', '')).issues[0]?.message).toMatch(/malformed XML/);
    });

    it('rejects an STS body without its result wrapper or request metadata', () => {
      expect(paths(xml('sts', 'GetCallerIdentity', stsBody(STS_RESULT.replace(/GetCallerIdentityResult/g, 'Result'))))).toEqual(['$.Result', '$.GetCallerIdentityResult']);
      expect(paths(xml('sts', 'GetCallerIdentity', stsBody(STS_RESULT).replace(/<ResponseMetadata>.*<\/ResponseMetadata>/, '')))).toEqual(['$.ResponseMetadata']);
      expect(paths(xml('sts', 'GetCallerIdentity', stsBody(STS_RESULT.replace('arn:aws:iam::123456789012:user/smsh', 'arn'))))).toEqual(['$.Arn']);
    });

    it('rejects an SSM-style error body from EC2, an unknown EC2 code and a wrong STS fault type', () => {
      expect(xml('ec2', 'DescribeInstances', '<ErrorResponse><Error><Code>AuthFailure</Code></Error><RequestId>x</RequestId></ErrorResponse>', 401).issues.length).toBeGreaterThan(0);
      expect(paths(xml('ec2', 'DescribeInstances', '<Response><Errors><Error><Code>InvalidInstanceId</Code><Message>m</Message></Error></Errors><RequestID>r</RequestID></Response>', 400))).toEqual(['error code']);
      expect(paths(xml('sts', 'GetCallerIdentity', '<ErrorResponse><Error><Type>Receiver</Type><Code>InvalidClientTokenId</Code><Message>m</Message></Error><RequestId>r</RequestId></ErrorResponse>', 403))).toEqual(['$.Error.Type']);
    });
  });

  it('loads all three models the emulator speaks', () => {
    expect(loadServiceModel('ssm').metadata.protocol).toBe('json');
    expect(loadServiceModel('ec2').metadata.protocol).toBe('ec2');
    expect(loadServiceModel('sts').metadata.protocol).toBe('query');
    expect(validateOutput(loadServiceModel('sts'), 'GetCallerIdentity', {})).toEqual([]);
  });
});
