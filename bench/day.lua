-- bench/day.lua: the write path of bench/http.sh for wrk. Each request
-- records one realised day through the month grid's form (POST
-- /invoices/days) with a fresh one-time nonce, so every request is a
-- real write: the day, its audit row and the nonce in one transaction.
--
-- Environment: BENCH_DAYS, a file of lines "CONTRACT PLACEMENT MONTH DAY"
-- (a day the placement may have; bench/http.sh picks them from the
-- database); BENCH_THREADS, wrk's -t; BENCH_CSRF, the session's CSRF
-- token; BENCH_COOKIE; and BENCH_ORIGIN (http://127.0.0.1:PORT). Thread i
-- of n takes lines i, i+n, ...; after its last it starts again with the
-- other status, so a day written twice is still changed.

local counter = 0

-- Runs in wrk's main state once per thread, before that thread's init.
function setup(thread)
	counter = counter + 1
	thread:set("id", counter)
end

function init(args)
	local nthreads = tonumber(os.getenv("BENCH_THREADS"))
	days = {}
	local i = 0
	for line in io.lines(os.getenv("BENCH_DAYS")) do
		if i % nthreads == id - 1 then
			table.insert(days, line)
		end
		i = i + 1
	end
	if #days == 0 then
		error("no days for thread " .. id)
	end
	csrf = os.getenv("BENCH_CSRF")
	stamp = os.time()
	next_day = 0
	wrk.method = "POST"
	wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
	wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
	wrk.headers["Origin"] = os.getenv("BENCH_ORIGIN")
end

function request()
	local pass = math.floor(next_day / #days)
	local contract, placement, month, day =
		days[next_day % #days + 1]:match("(%d+) (%d+) (%S+) (%d+)")
	next_day = next_day + 1
	-- 32 hex digits, unique per thread, request and run.
	local nonce = string.format("%08x%08x%016x", stamp % 0x100000000, id,
		next_day)
	local status = pass % 2 == 0 and "present" or "absent_sick"
	local body = "csrf=" .. csrf .. "&nonce=" .. nonce .. "&contract=" ..
		contract .. "&month=" .. month .. "&c" .. placement .. "_" ..
		day .. "=" .. status
	return wrk.format(nil, "/invoices/days", nil, body)
end
