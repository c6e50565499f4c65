-- bench/post.lua: bench/http.sh's unread-body check for wrk. Each
-- request POSTs BENCH_BODY_BYTES bytes (a form nobody reads: sent
-- anonymously to a page that needs a login, it is refused before its body
-- is read), so the worker closes connections whose input it did not
-- want. nginx must not log a reset or an early close for any of them.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = string.rep("a", tonumber(os.getenv("BENCH_BODY_BYTES")))
