/* fcgi_out.h: the end of a FastCGI request, closing at once on a unix
 * socket instead of fcgi2's lingering close (fcgi_out.c has why; README
 * "Measured" the proof and the numbers). */
#ifndef PAIKKA_FCGI_OUT_H
#define PAIKKA_FCGI_OUT_H

#include <fcgiapp.h>
#include <stddef.h>

/* 1 when requests on listen_fd may end with the quick close: a unix
 * socket, and PAIKKA_FCGI_LINGER is not "1". */
int fcgi_quick_close_ok(int listen_fd);
/* Writes data (len bytes: headers and body) as the response of rq and
 * ends the request, quickly when quick (fcgi_quick_close_ok) and nginx
 * did not ask to keep the connection. */
void fcgi_finish(FCGX_Request *rq, const char *data, size_t len, int quick);

#endif
