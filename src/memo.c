/* memo.c: see memo.h. A few slots, the least recently used given up
 * first; at most MEMO_BYTES in all, so a worker stays small. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "paikka/memo.h"

#define MEMO_SLOTS 16
#define MEMO_BYTES (4u << 20)

struct slot {
	char *key;
	char *data;
	size_t len;
	uint64_t used;
};

static struct slot slots[MEMO_SLOTS];
static unsigned stamp; /* data version of every slot */
static size_t bytes;
static uint64_t clock_;
static int state; /* 0 not read yet, 1 on, -1 off */

static void drop(struct slot *s)
{
	bytes -= s->len;
	free(s->key);
	free(s->data);
	memset(s, 0, sizeof(*s));
}

void memo_clear(void)
{
	for (int i = 0; i < MEMO_SLOTS; i++)
		if (slots[i].key)
			drop(&slots[i]);
}

/* 1 when the memo applies; the slots then hold the current version. */
static int current(sqlite3 *db)
{
	if (state == 0) {
		const char *e = getenv("PAIKKA_MEMO");
		state = e && strcmp(e, "0") == 0 ? -1 : 1;
	}
	unsigned v = 0;
	if (state < 0 || sqlite3_txn_state(db, "main") != SQLITE_TXN_READ ||
	    sqlite3_file_control(db, "main", SQLITE_FCNTL_DATA_VERSION, &v) !=
	        SQLITE_OK)
		return 0;
	if (v != stamp) {
		memo_clear();
		stamp = v;
	}
	return 1;
}

const char *memo_get(sqlite3 *db, const char *key)
{
	if (!current(db))
		return NULL;
	for (int i = 0; i < MEMO_SLOTS; i++)
		if (slots[i].key && strcmp(slots[i].key, key) == 0) {
			slots[i].used = ++clock_;
			return slots[i].data;
		}
	return NULL;
}

void memo_put(sqlite3 *db, const char *key, const char *data, size_t len)
{
	if (!current(db) || len > MEMO_BYTES / 4)
		return;
	struct slot *s = &slots[0];
	for (int i = 0; i < MEMO_SLOTS; i++) {
		if (slots[i].key && strcmp(slots[i].key, key) == 0) {
			s = &slots[i];
			break;
		}
		if (slots[i].used < s->used)
			s = &slots[i];
	}
	if (s->key)
		drop(s);
	/* Room for it: give up the least recently used until it fits. */
	while (bytes + len > MEMO_BYTES) {
		struct slot *old = NULL;
		for (int i = 0; i < MEMO_SLOTS; i++)
			if (slots[i].key && (!old || slots[i].used < old->used))
				old = &slots[i];
		if (old == NULL)
			break;
		drop(old);
	}
	char *k = strdup(key), *d = malloc(len + 1);
	if (k == NULL || d == NULL) {
		free(k);
		free(d);
		return;
	}
	memcpy(d, data, len);
	d[len] = '\0';
	*s = (struct slot){k, d, len, ++clock_};
	bytes += len;
}
