/* fcgi_out.c: writing a response and ending the request (see
 * fcgi_out.h); shared by the portal's accept loop (app.c) and the
 * benchmark's FastCGI ceiling (bench/ceiling.c), so both close alike. */
#include <errno.h>
#include <fcgiapp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "paikka/fcgi_out.h"

/* fcgi2's FCGX_Finish_r closes the connection by shutdown(), then waits
 * (up to 2 s) until nginx has read the response and closed its end: the
 * lingering close that keeps a TCP reset from destroying unread response
 * data. Meanwhile the worker serves nobody, which roughly halves what it
 * serves under load. On a unix socket nothing can be lost that way: a
 * write() puts the bytes straight into nginx's receive queue, where they
 * stay readable after we close. The one hazard is closing with unread
 * input, which gives nginx ECONNRESET; so the rest of the request
 * (FCGI_STDIN up to its end record; nginx sends nothing after it when
 * fastcgi_keep_conn is off) is read first. Then FCGX_Finish_r writes
 * END_REQUEST with the connection marked kept, and we close it
 * ourselves. README "Measured" has the proof and the numbers.
 * PAIKKA_FCGI_LINGER=1 restores the library's close. */
int fcgi_quick_close_ok(int listen_fd)
{
	const char *linger = getenv("PAIKKA_FCGI_LINGER");
	if (linger && strcmp(linger, "1") == 0)
		return 0;
	struct sockaddr_storage sa;
	socklen_t len = sizeof(sa);
	return getsockname(listen_fd, (struct sockaddr *)&sa, &len) == 0 &&
	       sa.ss_family == AF_UNIX;
}

/* Writes all of iov[0..n) to fd; 0 or -1. */
static int write_iov(int fd, struct iovec *iov, int n)
{
	while (n > 0) {
		ssize_t w = writev(fd, iov, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		for (; n > 0 && (size_t)w >= iov->iov_len; iov++, n--)
			w -= (ssize_t)iov->iov_len;
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

/* Sends a response bigger than fcgi2's 8 kB stream buffer as FCGI_STDOUT
 * records of 64 kB in one writev each 64 records, where FCGX_PutStr
 * would make a write() every 8 kB. The stream's buffer is empty, so the
 * end records FCGX_Finish_r writes still come after. 0 or -1. */
static int put_big(FCGX_Request *rq, const char *data, size_t len)
{
	enum { CHUNK = 65528, BATCH = 64 };
	unsigned char head[BATCH][8];
	struct iovec iov[2 * BATCH];
	while (len > 0) {
		int n = 0;
		for (; n < BATCH && len > 0; n++) {
			size_t c = len < CHUNK ? len : CHUNK;
			unsigned char h[8] = {1, 6,
			    (unsigned char)(rq->requestId >> 8),
			    (unsigned char)rq->requestId,
			    (unsigned char)(c >> 8), (unsigned char)c, 0, 0};
			memcpy(head[n], h, sizeof(h));
			iov[2 * n] = (struct iovec){head[n], 8};
			iov[2 * n + 1] = (struct iovec){(char *)data, c};
			data += c;
			len -= c;
		}
		if (write_iov(rq->ipcFd, iov, 2 * n) != 0)
			return -1;
	}
	return 0;
}

void fcgi_finish(FCGX_Request *rq, const char *data, size_t len, int quick)
{
	/* A connection nginx asked to keep, or TCP: the library's way. */
	quick = quick && !rq->keepConnection;
	if (quick) {
		char sink[8192];
		while (FCGX_GetStr(sink, sizeof(sink), rq->in) > 0)
			;
	}
	/* A failed write (nginx gone) fails the end records too, and then
	 * the library closes the connection itself. */
	if (len <= 8192)
		FCGX_PutStr(data, (int)len, rq->out);
	else
		put_big(rq, data, len);
	if (!quick) {
		FCGX_Finish_r(rq);
		return;
	}
	rq->keepConnection = 1;
	FCGX_Finish_r(rq);
	/* On a stream error the library has closed it already. */
	if (rq->ipcFd >= 0) {
		close(rq->ipcFd);
		rq->ipcFd = -1;
	}
}
