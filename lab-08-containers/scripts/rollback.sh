#!/usr/bin/env bash
# Points the function's live alias back at an earlier version, once that version can serve. The deployment
# workflow runs it when the smoke test fails on a new version.
#
#   scripts/rollback.sh FUNCTION_NAME VERSION API_URL
#
# A SnapStart version that has not been invoked for 14 days turns Inactive; invoking it then answers
# SnapStartNotReadyException while Lambda restores its snapshot, and it serves again once its State is Active
# (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-troubleshooting.html). So the script reads the
# version's State (lambda:GetFunctionConfiguration) and:
#   Active    moves the alias at once;
#   Pending   waits until Active, then moves it;
#   Inactive  moves it (only an invocation wakes the version, and the API is what may invoke it), sends one
#             request through the API to start the restore, and waits until Active;
#   Failed    leaves the alias where it is and fails.
#
# Settings: ROLLBACK_POLL_SECONDS between state reads (default 5), ROLLBACK_POLL_ATTEMPTS (default 60: 5 min).
# Needs bash, curl and the AWS CLI. Exit status 0 when the alias serves an Active VERSION, 1 otherwise.
set -uo pipefail

if [[ $# -ne 3 ]]; then
  echo "Usage: $0 FUNCTION_NAME VERSION API_URL" >&2
  exit 2
fi
function_name=$1
version=$2
api_url=${3%/}
poll_seconds=${ROLLBACK_POLL_SECONDS:-5}
poll_attempts=${ROLLBACK_POLL_ATTEMPTS:-60}

state_of() {
  aws lambda get-function-configuration --function-name "$function_name" --qualifier "$version" \
    --query State --output text
}

# Reads the state until it is Active; returns 1 on Failed or when the attempts run out.
wait_until_active() {
  local state
  for ((attempt = 1; attempt <= poll_attempts; attempt++)); do
    state=$(state_of) || return 1
    case $state in
      Active) return 0 ;;
      Failed)
        echo "Version $version of $function_name is Failed: it cannot serve." >&2
        return 1
        ;;
    esac
    echo "Version $version is $state; waiting for Active ($attempt/$poll_attempts)."
    sleep "$poll_seconds"
  done
  echo "Version $version did not become Active within $((poll_seconds * poll_attempts)) seconds." >&2
  return 1
}

move_alias() {
  aws lambda update-alias --function-name "$function_name" --name live --function-version "$version" >/dev/null
}

if ! state=$(state_of); then
  echo "Could not read the state of version $version of $function_name." >&2
  exit 1
fi
echo "Version $version of $function_name is $state."
case $state in
  Active)
    move_alias || exit 1
    ;;
  Pending)
    wait_until_active || exit 1
    move_alias || exit 1
    ;;
  Inactive)
    move_alias || exit 1
    echo "The live alias serves version $version again; one request through the API starts its restore."
    curl --silent --output /dev/null --max-time 30 "$api_url/pets?limit=1" || true
    wait_until_active || exit 1
    ;;
  *)
    echo "Version $version of $function_name is $state: the live alias stays where it is." >&2
    exit 1
    ;;
esac
echo "The live alias serves version $version, which is Active."
