// Where real AWS departs from its own botocore model, each with its evidence: the validator
// lets exactly these through, so it can be strict everywhere else.

/**
 * Members that real AWS answers with "" although the model's enum, min or pattern excludes it:
 * each is in a response published in the AWS CLI's own examples (awscli/examples/ssm/*.rst) or
 * in captured GetCommandInvocation responses for running commands. Only "" is let through.
 */
export const AWS_EMPTY_STRING_MEMBERS = new Set([
  'Command.DocumentVersion', 'Command.OutputS3BucketName',
  'CommandInvocation.DocumentVersion', 'CommandPlugin.OutputS3BucketName',
  'NotificationConfig.NotificationType', 'CloudWatchOutputConfig.CloudWatchLogGroupName',
  'GetCommandInvocationResult.DocumentVersion', 'GetCommandInvocationResult.PluginName',
  'GetCommandInvocationResult.ExecutionStartDateTime', 'GetCommandInvocationResult.ExecutionElapsedTime',
  'GetCommandInvocationResult.ExecutionEndDateTime',
]);

/** An ISO 8601 date-time as AWS writes it: 2020-02-19T18:18:03.419Z. */
export const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Members whose model pattern real AWS does not follow, checked by a format that it does:
 * StringDateTime's Java pattern admits one fractional digit and no durations, yet AWS answers
 * "2020-02-19T18:18:03.419Z" and "PT0.091S" (awscli/examples/ssm/get-command-invocation.rst).
 */
export const MEMBER_FORMATS: Record<string, RegExp> = {
  'GetCommandInvocationResult.ExecutionStartDateTime': ISO_DATE_TIME,
  'GetCommandInvocationResult.ExecutionEndDateTime': ISO_DATE_TIME,
  'GetCommandInvocationResult.ExecutionElapsedTime': /^PT(\d+H)?(\d+M)?\d+(\.\d+)?S$/,
};

/**
 * Enum values AWS sends outside the model's list. EC2 writes <platform>windows</platform>
 * although PlatformValues is ["Windows"]; later botocore models document exactly that ("This
 * value is windows for Windows instances; otherwise, it is empty", boto3 >= 1.34).
 */
export const AWS_EXTRA_ENUM_VALUES: Record<string, readonly string[]> = {
  'Instance.Platform': ['windows'],
};
