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
 * It ends each request with the portal's own fcgi_finish (src/fcgi_out.c):
 * the rest of the request is read, the response written (a big one in
 * 64 kB records by writev), and on a unix socket the connection is closed
 * without fcgi2's lingering wait; PAIKKA_FCGI_LINGER=1 keeps the
 * library's close, as in the portal. Beside that it uses only fcgi2 and
 * libc. */
#include <dirent.h>
#include <errno.h>
#include <fcgiapp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paikka/fcgi_out.h"

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
	int quick = fcgi_quick_close_ok(0);
	while (FCGX_Accept_r(&rq) >= 0) {
		const struct page *p =
		    find(FCGX_GetParam("DOCUMENT_URI", rq.envp));
		if (p)
			fcgi_finish(&rq, p->data, p->len, quick);
		else
			fcgi_finish(
			    &rq, missing, sizeof(missing) - 1, quick);
	}
	return 0;
}
