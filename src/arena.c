/* arena.c: per-request memory and growable buffers (see arena.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paikka/arena.h"

struct block {
	struct block *next;
	size_t size;
	size_t used;
	max_align_t data[];
};

struct arena {
	struct block *head;
	struct block *first;
	struct block *spare; /* emptied blocks of BLOCK_SIZE, for reuse */
	size_t nspare;
};

/* Up to SPARE_MAX blocks (2 MB) stay with the arena between requests:
 * freeing them let malloc shrink the heap, and the next request grew it
 * again, page faults and all. */
enum { BLOCK_SIZE = 64 * 1024, SPARE_MAX = 32 };

static void *xmalloc(size_t n)
{
	void *p = malloc(n);
	if (p == NULL) {
		fputs("paikka: out of memory\n", stderr);
		abort();
	}
	return p;
}

static struct block *block_new(size_t size)
{
	struct block *b = xmalloc(sizeof(*b) + size);
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

struct arena *arena_new(void)
{
	struct arena *a = xmalloc(sizeof(*a));
	a->first = a->head = block_new(BLOCK_SIZE);
	a->spare = NULL;
	a->nspare = 0;
	return a;
}

void arena_reset(struct arena *a)
{
	struct block *b = a->head;
	while (b != a->first) {
		struct block *next = b->next;
		if (b->size == BLOCK_SIZE && a->nspare < SPARE_MAX) {
			b->next = a->spare;
			a->spare = b;
			a->nspare++;
		} else {
			free(b);
		}
		b = next;
	}
	a->head = a->first;
	a->first->used = 0;
}

void arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	arena_reset(a);
	while (a->spare) {
		struct block *next = a->spare->next;
		free(a->spare);
		a->spare = next;
	}
	free(a->first);
	free(a);
}

/* n bytes, not zeroed, aligned for any type. */
static void *arena_raw(struct arena *a, size_t n)
{
	const size_t align = sizeof(max_align_t);
	size_t need = (n + align - 1) / align * align;
	if (need < n)
		abort();
	struct block *b = a->head;
	if (b->size - b->used < need) {
		if (need <= BLOCK_SIZE && a->spare) {
			b = a->spare;
			a->spare = b->next;
			a->nspare--;
			b->used = 0;
		} else {
			b = block_new(need > BLOCK_SIZE ? need : BLOCK_SIZE);
		}
		b->next = a->head;
		a->head = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += need;
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	return memset(arena_raw(a, n), 0, n);
}

/* Strings are written whole, so they skip arena_alloc's zeroing. */
char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_raw(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

/* Formats straight into the current block when the text fits there (a
 * page's many small labels), else measures and allocates. */
char *arena_printf(struct arena *a, const char *fmt, ...)
{
	const size_t align = sizeof(max_align_t);
	struct block *b = a->head;
	size_t room = b->size - b->used;
	char *p = (char *)b->data + b->used;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(p, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	if ((size_t)n < room) {
		b->used += ((size_t)n + align) / align * align;
		return p;
	}
	p = arena_raw(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

static void buf_grow(struct buf *b, size_t extra)
{
	if (b->cap - b->len > extra)
		return;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap - b->len <= extra) {
		if (cap > SIZE_MAX / 2)
			abort();
		cap *= 2;
	}
	char *p = realloc(b->data, cap);
	if (p == NULL) {
		fputs("paikka: out of memory\n", stderr);
		abort();
	}
	b->data = p;
	b->cap = cap;
}

void buf_add(struct buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

/* Formats into the room left when the text fits (most do), else grows
 * the buffer and formats again. */
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	size_t room = b->cap - b->len;
	int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap2);
	va_end(ap2);
	if (n <= 0) {
		if (room)
			b->data[b->len] = '\0';
		return;
	}
	if ((size_t)n < room) {
		b->len += (size_t)n;
		return;
	}
	buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}
