-- wrk script: POST /v1/ask cycling through the questions in the file named
-- by the QUESTIONS environment variable (one JSON object per line with a
-- "question" field, the dev_questions.jsonl format). Each thread starts at a
-- different offset so the connections do not ask in lockstep.
local questions = {}
local path = os.getenv("QUESTIONS")
for line in io.lines(path) do
  local q = line:match('"question"%s*:%s*"(.-)"%s*,')
  if q then
    questions[#questions + 1] = '{"question":"' .. q .. '"}'
  end
end
local counter = 0
local thread_index = 0

function setup(thread)
  thread:set("offset", thread_index * 7)
  thread_index = thread_index + 1
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function request()
  counter = counter + 1
  local body = questions[((counter + offset) % #questions) + 1]
  return wrk.format(nil, "/v1/ask", nil, body)
end

-- The one-line RESULT summary, shared with the healthz target (run from the
-- repository root, as http_throughput.sh does).
dofile("scripts/bench/report.lua")
