// The Pets API's cost kill switch (CostKillSwitch.java deploys it). A message on its topic means "stop": the
// DailyRequests alarm went to ALARM, or the month's actual spend passed the budget. The function sets the prod
// stage's throttling to 0 requests a second, rate and burst: API Gateway then answers every request with
// 429 Too Many Requests before it reaches the function. It says so in its log and e-mails the alert topic, with
// the command that switches the API back on.
//
// Its role may do three things: PATCH this one stage (apigateway:PATCH), publish to the alert topic
// (sns:Publish), write its own log group. The AWS SDK for JavaScript v3 comes with the Lambda Node.js runtime;
// the lab's package.json pins the same clients for the test that runs this file against a stub of the AWS APIs.
import { APIGatewayClient, UpdateStageCommand } from '@aws-sdk/client-api-gateway'
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns'

const apiGateway = new APIGatewayClient({})
const sns = new SNSClient({})

const SUBJECT = 'Pets API stopped by its cost kill switch'
const FAILED_SUBJECT = 'Pets API cost kill switch FAILED: stop the API by hand'

export const handler = async (event) => {
  const stage = settings(process.env)
  const reasons = (event.Records ?? []).map((record) => reasonOf(record.Sns)).filter((reason) => reason !== null)
  if (reasons.length === 0) {
    console.info('No alarm in ALARM state and no budget notification in this event: the API keeps serving.')
    return { stopped: false }
  }

  try {
    await apiGateway.send(new UpdateStageCommand({
      restApiId: stage.restApiId,
      stageName: stage.stageName,
      patchOperations: throttling(0, 0),
    }))
  } catch (error) {
    const text = failedMessage(stage, reasons, error)
    console.error(text)
    try {
      await tell(stage, FAILED_SUBJECT, text)
    } catch (publishError) {
      console.error(`Could not e-mail that either: ${publishError.name}: ${publishError.message}`)
    }
    throw error // Lambda tries the event twice more
  }

  const text = stoppedMessage(stage, reasons)
  console.warn(text)
  await tell(stage, SUBJECT, text)
  return { stopped: true }
}

function settings(env) {
  const names = ['REST_API_ID', 'STAGE_NAME', 'ALERT_TOPIC_ARN', 'RATE_LIMIT', 'BURST_LIMIT', 'ALARM_NAME', 'AWS_REGION']
  const missing = names.filter((name) => !env[name])
  if (missing.length > 0) {
    throw new Error(`The kill switch is missing its settings: ${missing.join(', ')}`)
  }
  return {
    restApiId: env.REST_API_ID,
    stageName: env.STAGE_NAME,
    alertTopicArn: env.ALERT_TOPIC_ARN,
    rateLimit: env.RATE_LIMIT,
    burstLimit: env.BURST_LIMIT,
    alarmName: env.ALARM_NAME,
    region: env.AWS_REGION,
  }
}

/** The stage-wide throttling (every resource, every method) as UpdateStage patch operations. */
function throttling(rateLimit, burstLimit) {
  return [
    { op: 'replace', path: '/*/*/throttling/rateLimit', value: String(rateLimit) },
    { op: 'replace', path: '/*/*/throttling/burstLimit', value: String(burstLimit) },
  ]
}

/**
 * Why to stop, from one SNS message; null when the message is no reason to stop. CloudWatch sends JSON with the
 * alarm's new state (only ALARM stops the API; the alarm has no OK action, but an OK is no reason either way).
 * AWS Budgets sends plain text under a subject naming the budget.
 */
function reasonOf(message) {
  if (!message) {
    return null
  }
  let alarm = null
  try {
    alarm = JSON.parse(message.Message)
  } catch {
    // not JSON: a budget notification
  }
  if (alarm !== null && typeof alarm === 'object' && 'AlarmName' in alarm) {
    return alarm.NewStateValue === 'ALARM' ? `${alarm.AlarmName}: ${alarm.NewStateReason}` : null
  }
  const subject = message.Subject ?? 'AWS Budgets'
  const body = String(message.Message ?? '').trim().slice(0, 1000)
  return body ? `${subject}\n    ${body.replaceAll('\n', '\n    ')}` : subject
}

function switchBackOnCommands(stage) {
  const patches = throttling(stage.rateLimit, stage.burstLimit)
    .map((patch) => `'op=${patch.op},path=${patch.path},value=${patch.value}'`)
    .join(' ')
  return [
    `aws apigateway update-stage --region ${stage.region} --rest-api-id ${stage.restApiId}` +
      ` --stage-name ${stage.stageName} --patch-operations ${patches}`,
    `aws cloudwatch set-alarm-state --region ${stage.region} --alarm-name ${stage.alarmName}` +
      ` --state-value OK --state-reason 'API switched back on'`,
  ]
}

function stoppedMessage(stage, reasons) {
  return `The cost kill switch stopped the Pets API (stage ${stage.stageName} of REST API ${stage.restApiId}` +
    ` in ${stage.region}) at ${new Date().toISOString()}.

Why:
${reasons.map((reason) => `  - ${reason}`).join('\n')}

What it did: it set the stage's throttling to 0 requests a second (rate and burst). API Gateway now answers
every request with 429 Too Many Requests without calling the function.

To switch the API back on, once you know where the requests or the spending came from, restore the stage's
throttling (rate ${stage.rateLimit}, burst ${stage.burstLimit}) and put the alarm back to OK so that it can stop
the API again:

  ${switchBackOnCommands(stage).join('\n\n  ')}

If the last 24 hours still hold more requests than the limit, the alarm goes back to ALARM within minutes and
stops the API again: wait, or deploy with a higher limit (-c dailyRequestLimit=..., or the repository variable
DAILY_REQUEST_LIMIT where the workflow deploys). A budget notification comes once a month: after one, the API
stays on until you stop it or the next month's budget is passed.
`
}

function failedMessage(stage, reasons, error) {
  const patches = throttling(0, 0)
    .map((patch) => `'op=${patch.op},path=${patch.path},value=${patch.value}'`)
    .join(' ')
  return `The cost kill switch could NOT stop the Pets API (stage ${stage.stageName} of REST API ${stage.restApiId}` +
    ` in ${stage.region}): ${error.name}: ${error.message}

Why it tried:
${reasons.map((reason) => `  - ${reason}`).join('\n')}

Stop it by hand:

  aws apigateway update-stage --region ${stage.region} --rest-api-id ${stage.restApiId} --stage-name ${stage.stageName} --patch-operations ${patches}

or delete the stack: cdk destroy PetsApi
`
}

async function tell(stage, subject, text) {
  await sns.send(new PublishCommand({ TopicArn: stage.alertTopicArn, Subject: subject, Message: text }))
}
