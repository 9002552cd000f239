/* A plain VOTES section counted in one pass: identical votes merged, each distinct vote parsed
 * into project indices once.
 *
 * "Plain" is what votelines.counted_at_once reads: ASCII, no quotes, nothing a line-by-line
 * reading would strip or skip (no space or control character but the newlines), every row with
 * the header's width and a voter id, no voter twice, every vote a comma-separated list of known
 * project ids, none twice (or an empty vote). Anything else returns NOT_PLAIN, and the caller
 * reads the section line by line, which tells what is wrong and on which line.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { NOT_PLAIN = -1, NO_MEMORY = -2 };

/* An open-addressing hash set of byte strings, each given by its index into `start` / `len`
 * (offsets into `text`). A slot keeps the string's hash beside its index, so that a probe
 * reads one small table and compares bytes only on a full hash match. */
typedef struct {
    uint32_t *hashes;
    int32_t *index;                 /* -1: an empty slot */
    uint64_t mask;
    const char *text;
    const int64_t *start, *len;
} Table;

static uint32_t hash(const char *p, int64_t n) {
    uint64_t h = 14695981039346656037ULL;       /* FNV-1a */
    for (int64_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
    return (uint32_t)(h ^ (h >> 32));
}

static int table_init(Table *t, int64_t entries, const char *text, int64_t *start,
                      int64_t *len) {
    uint64_t size = 16;
    while (size < 2 * (uint64_t)entries)
        size *= 2;
    t->hashes = malloc(size * sizeof(uint32_t));
    t->index = malloc(size * sizeof(int32_t));
    if (!t->hashes || !t->index)
        return 0;
    memset(t->index, 0xff, size * sizeof(int32_t));
    t->mask = size - 1;
    t->text = text;
    t->start = start;
    t->len = len;
    return 1;
}

static void table_free(Table *t) {
    free(t->hashes);
    free(t->index);
}

/* The index of the `n` bytes at `key` if the set has them; else -1, and `*slot` is where
 * to add them (with `h`, their hash). */
static int32_t table_find(const Table *t, const char *key, int64_t n, uint32_t *h,
                          uint64_t *slot) {
    *h = hash(key, n);
    for (uint64_t i = *h & t->mask;; i = (i + 1) & t->mask) {
        int32_t at = t->index[i];
        if (at < 0) {
            *slot = i;
            return -1;
        }
        if (t->hashes[i] == *h && t->len[at] == n
            && memcmp(t->text + t->start[at], key, (size_t)n) == 0)
            return at;
    }
}

static void table_add(Table *t, uint64_t slot, uint32_t h, int32_t at) {
    t->hashes[slot] = h;
    t->index[slot] = at;
}

/* Count the rows of `text` (the VOTES rows, without the header, no final newline). Each row
 * has `width` fields; the voter id is field `voter_at`, the vote field `vote_at`. `ids` holds
 * the project ids, each followed by a newline. Fills, in the order votes first appear:
 * counts[d] (voters casting distinct vote d) and its projects, projects[starts[d]] ..
 * projects[starts[d + 1] - 1]. `rows` and `entries` bound the rows and the ids named. Returns
 * the number of distinct votes, NOT_PLAIN or NO_MEMORY. */
int64_t count_votes(const char *text, int64_t size, int64_t width, int64_t voter_at,
                    int64_t vote_at, const char *ids, int64_t ids_size, int64_t id_count,
                    int64_t rows, int64_t entries, int64_t *counts, int64_t *starts,
                    int32_t *projects) {
    Table voters = {0}, votes = {0}, known = {0};
    /* per row: its voter id; per distinct vote: where it is; per project: its id, and the
     * last distinct vote that named it */
    int64_t *voter_start = malloc(sizeof(int64_t) * (size_t)(rows + 1));
    int64_t *voter_len = malloc(sizeof(int64_t) * (size_t)(rows + 1));
    int64_t *vote_start = malloc(sizeof(int64_t) * (size_t)(rows + 1));
    int64_t *vote_len = malloc(sizeof(int64_t) * (size_t)(rows + 1));
    int64_t *id_start = malloc(sizeof(int64_t) * (size_t)(id_count + 1));
    int64_t *id_len = malloc(sizeof(int64_t) * (size_t)(id_count + 1));
    int64_t *seen = malloc(sizeof(int64_t) * (size_t)(id_count + 1));
    int64_t result = NO_MEMORY, distinct = 0;
    uint32_t h;
    uint64_t slot;
    if (rows >= INT32_MAX || id_count >= INT32_MAX) {
        result = NOT_PLAIN;
        goto done;
    }
    if (!voter_start || !voter_len || !vote_start || !vote_len || !id_start || !id_len || !seen
        || !table_init(&voters, rows, text, voter_start, voter_len)
        || !table_init(&votes, rows, text, vote_start, vote_len)
        || !table_init(&known, id_count, ids, id_start, id_len))
        goto done;
    result = NOT_PLAIN;
    int64_t j = 0;
    for (int64_t at = 0; at < ids_size; j++) {
        const char *end = memchr(ids + at, '\n', (size_t)(ids_size - at));
        int64_t len = end ? end - (ids + at) : ids_size - at;
        if (j >= id_count || table_find(&known, ids + at, len, &h, &slot) >= 0)
            goto done;                  /* two projects with one id */
        id_start[j] = at;
        id_len[j] = len;
        table_add(&known, slot, h, (int32_t)j);
        seen[j] = -1;
        at += len + 1;
    }
    if (j != id_count)
        goto done;
    int64_t row = 0;
    for (int64_t at = 0; at <= size; row++) {
        if (row >= rows)
            goto done;
        int64_t field = 0, field_start = at, vote_s = 0, vote_l = -1;
        voter_len[row] = -1;
        for (;; at++) {
            unsigned char c = at < size ? (unsigned char)text[at] : '\n';
            if (c == ';' || c == '\n') {
                if (field == voter_at) {
                    voter_start[row] = field_start;
                    voter_len[row] = at - field_start;
                }
                if (field == vote_at) {
                    vote_s = field_start;
                    vote_l = at - field_start;
                }
                field++;
                field_start = at + 1;
                if (c == '\n')
                    break;
            } else if (c <= ' ' || c == '"' || c >= 0x7f) {
                goto done;              /* something to strip, quoting, or not ASCII */
            }
        }
        at++;
        if (field != width || voter_len[row] <= 0)
            goto done;
        if (table_find(&voters, text + voter_start[row], voter_len[row], &h, &slot) >= 0)
            goto done;                  /* a voter twice */
        table_add(&voters, slot, h, (int32_t)row);
        int32_t d = table_find(&votes, text + vote_s, vote_l, &h, &slot);
        if (d < 0) {
            d = (int32_t)distinct++;
            vote_start[d] = vote_s;
            vote_len[d] = vote_l;
            counts[d] = 0;
            table_add(&votes, slot, h, d);
        }
        counts[d]++;
    }
    int64_t entry = 0;
    starts[0] = 0;
    for (int64_t d = 0; d < distinct; d++) {
        int64_t at = vote_start[d], end = at + vote_len[d];
        while (at < end) {
            const char *comma = memchr(text + at, ',', (size_t)(end - at));
            int64_t len = comma ? comma - (text + at) : end - at;
            if (len == 0 || entry >= entries)
                goto done;              /* an empty id beside others */
            int32_t p = table_find(&known, text + at, len, &h, &slot);
            if (p < 0 || seen[p] == d)
                goto done;              /* unknown, or named twice */
            seen[p] = d;
            projects[entry++] = p;
            at += len + 1;
            if (comma && at == end)
                goto done;              /* a comma at the end */
        }
        starts[d + 1] = entry;
    }
    result = distinct;
done:
    free(voter_start);
    free(voter_len);
    free(vote_start);
    free(vote_len);
    free(id_start);
    free(id_len);
    free(seen);
    table_free(&voters);
    table_free(&votes);
    table_free(&known);
    return result;
}
