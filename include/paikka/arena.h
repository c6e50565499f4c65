/* arena.h: per-request memory and growable byte buffers.
 *
 * Everything a request allocates comes from one arena, freed in one call at
 * the end of the request, so no handler frees anything by hand. Allocation
 * failure aborts the worker (the supervisor restarts it): there is no
 * meaningful recovery from out-of-memory inside a request. */
#ifndef PAIKKA_ARENA_H
#define PAIKKA_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a);
/* Frees every allocation but keeps the first block for the next request. */
void arena_reset(struct arena *a);
/* Zeroed memory, aligned for any type. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* Copies n bytes and adds a NUL; s may contain NULs. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A malloc-backed growable buffer; data is always NUL-terminated. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
void buf_add(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);

#endif
