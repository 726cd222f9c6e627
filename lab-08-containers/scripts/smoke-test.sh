#!/usr/bin/env bash
# Smoke test of a running Pets API: one pet is created, read, deleted and looked for again, and every
# response has to echo the request's correlation id. The deployment workflow runs this script against
# the stage it just deployed; the tests run it against the local server.
#
#   scripts/smoke-test.sh http://localhost:7070
#   scripts/smoke-test.sh https://abc123.execute-api.eu-west-1.amazonaws.com/prod/
#
# Needs bash, curl, grep, sed and od: all on GitHub's runners, macOS and Linux; no jq.
#
# Settings (environment variables, all optional):
#   SMOKE_ATTEMPTS           tries of the first request, which may meet a cold start (default 6)
#   SMOKE_RETRY_DELAY        seconds between those tries (default 5)
#   SMOKE_MAX_TIME           seconds one request may take (default 10)
#   SMOKE_CORRELATION_ID     the X-Correlation-Id of every request (default smoke-<random>)
#
# Exit status: 0 when every check passed, 1 when one failed, 2 for a usage error, 3 when every try of the first
# request was throttled (429): the stage's throttling is at 0, as the cost kill switch leaves it, and the API itself
# was never reached; 4 when every try was the load balancer's own 503, an HTML page where the app answers every
# error as JSON: no task runs behind it, as after the container stack's scheduled scale to zero.
set -uo pipefail

usage() {
  echo "Usage: $0 BASE_URL   (for example http://localhost:7070 or https://<api>.execute-api.<region>.amazonaws.com/prod/)" >&2
  exit 2
}

[[ $# -eq 1 ]] || usage
base_url=${1%/}
[[ $base_url =~ ^https?://[^/]+ ]] || usage

attempts=${SMOKE_ATTEMPTS:-6}
retry_delay=${SMOKE_RETRY_DELAY:-5}
max_time=${SMOKE_MAX_TIME:-10}
correlation_id=${SMOKE_CORRELATION_ID:-smoke-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')}
# The API keeps a caller's id only if it is made of these characters (see CorrelationIds).
if [[ ! $correlation_id =~ ^[A-Za-z0-9._:-]{1,128}$ ]]; then
  echo "SMOKE_CORRELATION_ID may only hold letters, digits and . _ : - (1 to 128 of them)" >&2
  exit 2
fi
pet_name="Smoke test ${correlation_id}"

work=$(mktemp -d)
pet_url=""
deleted=false

cleanup() {
  # A failed run must not leave its pet behind.
  if [[ -n $pet_url && $deleted == false ]]; then
    curl --silent --output /dev/null --max-time "$max_time" --request DELETE \
      --header "X-Correlation-Id: $correlation_id" "$pet_url" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

step=0
steps=5

pass() {
  echo "PASS  $step/$steps $1"
}

fail() {
  echo "FAIL  $step/$steps $1"
  if [[ -s $work/body ]]; then
    echo "      response body: $(head -c 500 "$work/body")"
  fi
  echo "Smoke test FAILED against $base_url"
  echo "Every request carried X-Correlation-Id: $correlation_id; find them in the logs with"
  echo "  fields @timestamp, level, message, status | filter correlation_id = \"$correlation_id\""
  if [[ ${GITHUB_ACTIONS:-} == true ]]; then
    echo "::error title=Smoke test failed::Step $step/$steps: $1 (correlation id $correlation_id)"
  fi
  exit 1
}

# request METHOD URL [JSON_BODY]: sets $status (000 when no response came back) and $curl_error;
# the headers and the body land in $work/headers and $work/body.
request() {
  local method=$1 url=$2 body=${3-}
  local args=(--silent --show-error --max-time "$max_time" --request "$method"
    --header "X-Correlation-Id: $correlation_id" --header "Accept: application/json"
    --dump-header "$work/headers" --output "$work/body" --write-out '%{http_code}')
  if [[ -n $body ]]; then
    args+=(--header "Content-Type: application/json" --data "$body")
  fi
  : >"$work/headers"
  : >"$work/body"
  status=$(curl "${args[@]}" "$url" 2>"$work/error")
  curl_error=$(head -n 1 "$work/error")
  [[ -n $status ]] || status=000
}

# header NAME: the value of a response header (the last one, without the trailing CR).
header() {
  grep -i "^$1:" "$work/headers" | tail -n 1 | sed -e 's/^[^:]*:[[:space:]]*//' -e 's/[[:space:]]*$//'
}

expect_status() {
  local what=$1 expected=$2
  if [[ $status == 000 ]]; then
    fail "$what: no response (${curl_error:-curl failed})"
  fi
  if [[ $status != "$expected" ]]; then
    fail "$what: expected HTTP $expected, got $status"
  fi
  local echoed
  echoed=$(header X-Correlation-Id)
  if [[ $echoed != "$correlation_id" ]]; then
    fail "$what: X-Correlation-Id should echo $correlation_id, was '${echoed}'"
  fi
}

echo "Smoke test of $base_url (X-Correlation-Id: $correlation_id)"

# 1. A read first: safe to repeat while a cold start (or a deployment still settling) answers with
#    errors, throttling or nothing at all.
step=1
try=1
throttled=0
no_task=0
while :; do
  request GET "$base_url/pets?limit=1"
  [[ $status != 429 ]] || throttled=$((throttled + 1))
  [[ $status != 503 || $(header Content-Type) == *json* ]] || no_task=$((no_task + 1))
  case $status in
    000 | 429 | 5??) ;; # worth another try
    *) break ;;         # 200, or an answer that waiting will not change
  esac
  ((try < attempts)) || break
  if [[ $status == 000 ]]; then
    outcome="no response (${curl_error:-curl failed})"
  else
    outcome="HTTP $status"
  fi
  echo "      try $try/$attempts of GET /pets: $outcome; again in ${retry_delay}s"
  sleep "$retry_delay"
  try=$((try + 1))
done
if ((throttled == attempts)); then
  # Not this version's fault, and a rollback would meet the same 429s: the workflow skips it on exit status 3.
  echo "THROTTLED  GET /pets answered 429 to all $attempts tries: the stage's throttling is at 0, which is what the"
  echo "           cost kill switch sets. Its e-mail says how to switch the API back on; nothing else was tested."
  if [[ ${GITHUB_ACTIONS:-} == true ]]; then
    echo "::error title=API throttled::GET /pets answered 429 to every try: the cost kill switch has probably stopped the API; its e-mail says how to switch it back on. No rollback: the new version was never reached."
  fi
  exit 3
fi
if ((no_task == attempts)); then
  # Not this image's fault either: nothing ran it. The workflow skips the rollback on exit status 4.
  echo "NO TASK  GET /pets got the load balancer's 503 to all $attempts tries: no task runs behind it (the scheduled"
  echo "         scale to zero stops the service every evening). The new image is deployed, not tested."
  if [[ ${GITHUB_ACTIONS:-} == true ]]; then
    echo "::error title=No task runs::The load balancer answered 503 to every try: the service runs no task, as the scheduled scale to zero leaves it. Bring it back (infra/README.md, Scale to zero) and re-run this job. No rollback: the new image was never reached."
  fi
  exit 4
fi
expect_status "GET /pets (try $try of $attempts)" 200
pass "GET /pets answers 200 (try $try)"

# 2. Create a pet.
step=2
request POST "$base_url/pets" "{\"name\":\"$pet_name\",\"kind\":\"other\"}"
expect_status "POST /pets" 201
location=$(header Location)
[[ -n $location ]] || fail "POST /pets: 201 without a Location header"
# The Location is a path that already holds the stage (/prod/pets/<id> on API Gateway, /pets/<id>
# locally): it goes after the scheme and host of the base URL, not after the whole base URL.
case $location in
  http://* | https://*) pet_url=$location ;;
  /*) pet_url=$(sed -E 's#^(https?://[^/]+).*#\1#' <<<"$base_url")$location ;;
  *) pet_url=$base_url/$location ;;
esac
pass "POST /pets answers 201, Location: $location"

# 3. Read it back.
step=3
request GET "$pet_url"
expect_status "GET $location" 200
grep -Eq "\"name\"[[:space:]]*:[[:space:]]*\"$pet_name\"" "$work/body" ||
  fail "GET $location: the body does not hold the name \"$pet_name\""
pass "GET $location answers 200 with the pet's name"

# 4. Delete it.
step=4
request DELETE "$pet_url"
expect_status "DELETE $location" 204
deleted=true
pass "DELETE $location answers 204"

# 5. It is gone.
step=5
request GET "$pet_url"
expect_status "GET $location after the delete" 404
pass "GET $location answers 404 after the delete"

echo "Smoke test passed: $steps/$steps checks against $base_url"
