/* ceiling: the FastCGI ceiling of bench/http.sh. A bare fcgi2 program
 * that answers each request with bytes it holds in memory: what a page
 * would cost if the portal's own work took no time at all.
 *
 *   PAIKKA_CEILING_DIR=DIR ceiling     (fd 0: the listening socket, as
 *                                       paikka-supervise starts workers)
 *
 * At start it reads every DIR/NAME.head and DIR/NAME (a page's response
 * headers in CGI form and its body, as bench/http.sh captured them);
 * a request for .../NAME gets those bytes, anything else 404.
 *
 * Its accept loop is the portal's (src/app.c app_main): the rest of the
 * request is read, the response written (a big one in 64 kB records by
 * writev), and on a unix socket the connection is closed without fcgi2's
 * lingering wait; PAIKKA_FCGI_LINGER=1 keeps the library's close, as in
 * the portal. It uses only fcgi2 and libc. */
#include <dirent.h>
#include <errno.h>
#include <fcgiapp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

enum { MAX_PAGES = 64 };

struct page {
	char name[64];
	char *data; /* headers, blank line, body */
	size_t len;
};

static struct page pages[MAX_PAGES];
static int npages;

/* The whole of file DIR/NAME appended to *buf; 0 or -1. */
static int slurp(const char *dir, const char *name, char **buf, size_t *len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return -1;
	char chunk[65536];
	size_t n;
	int rc = 0;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		char *p = realloc(*buf, *len + n);
		if (p == NULL) {
			rc = -1;
			break;
		}
		memcpy(p + *len, chunk, n);
		*buf = p;
		*len += n;
	}
	fclose(f);
	return rc;
}

/* Loads every NAME that has a NAME.head beside it. */
static int load(const char *dir)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return -1;
	struct dirent *e;
	while ((e = readdir(d)) != NULL && npages < MAX_PAGES) {
		size_t n = strlen(e->d_name);
		if (n < 6 || n - 5 >= sizeof(pages[0].name) ||
		    strcmp(e->d_name + n - 5, ".head") != 0)
			continue;
		struct page *p = &pages[npages];
		memcpy(p->name, e->d_name, n - 5);
		p->name[n - 5] = '\0';
		if (slurp(dir, e->d_name, &p->data, &p->len) ||
		    slurp(dir, p->name, &p->data, &p->len)) {
			closedir(d);
			return -1;
		}
		npages++;
	}
	closedir(d);
	return npages > 0 ? 0 : -1;
}

static const struct page *find(const char *uri)
{
	const char *name = uri ? strrchr(uri, '/') : NULL;
	name = name ? name + 1 : "";
	for (int i = 0; i < npages; i++)
		if (strcmp(pages[i].name, name) == 0)
			return &pages[i];
	return NULL;
}

/* From here to main: quick_close_ok, write_iov, put_big and
 * finish_request as in src/app.c. */
static int quick_close_ok(int listen_fd)
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

static void finish_request(
    FCGX_Request *rq, const char *data, size_t len, int quick)
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

int main(void)
{
	const char *dir = getenv("PAIKKA_CEILING_DIR");
	if (dir == NULL || load(dir) != 0) {
		fprintf(stderr,
		    "ceiling: no pages in PAIKKA_CEILING_DIR (%s)\n",
		    dir ? dir : "unset");
		return 1;
	}
	static const char missing[] = "Status: 404 Not Found\r\n"
	                              "Content-Type: text/plain\r\n\r\n"
	                              "no such page\n";
	FCGX_Request rq;
	if (FCGX_Init() != 0 || FCGX_InitRequest(&rq, 0, 0) != 0)
		return 1;
	int quick = quick_close_ok(0);
	while (FCGX_Accept_r(&rq) >= 0) {
		const struct page *p =
		    find(FCGX_GetParam("DOCUMENT_URI", rq.envp));
		if (p)
			finish_request(&rq, p->data, p->len, quick);
		else
			finish_request(
			    &rq, missing, sizeof(missing) - 1, quick);
	}
	return 0;
}
