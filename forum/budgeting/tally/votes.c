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

typedef struct {
    int64_t start, len, value;      /* len < 0: an empty slot */
} Slot;

typedef struct {
    Slot *slots;
    uint64_t mask;
    const char *text;
} Table;

static uint64_t hash(const char *p, int64_t n) {
    uint64_t h = 14695981039346656037ULL;       /* FNV-1a */
    for (int64_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
    return h;
}

static int table_init(Table *t, int64_t entries, const char *text) {
    uint64_t size = 16;
    while (size < 2 * (uint64_t)entries)
        size *= 2;
    t->slots = malloc(size * sizeof(Slot));
    if (!t->slots)
        return 0;
    for (uint64_t i = 0; i < size; i++)
        t->slots[i].len = -1;
    t->mask = size - 1;
    t->text = text;
    return 1;
}

/* The slot holding the `len` bytes at `key`: found, or the empty one to fill (its `start` is
 * then to be an offset into the table's text). */
static Slot *table_find(const Table *t, const char *key, int64_t len) {
    uint64_t i = hash(key, len) & t->mask;
    for (;;) {
        Slot *s = &t->slots[i];
        if (s->len < 0 || (s->len == len && memcmp(t->text + s->start, key, (size_t)len) == 0))
            return s;
        i = (i + 1) & t->mask;
    }
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
    int64_t *vote_start = malloc(sizeof(int64_t) * (size_t)(rows + 1));
    int64_t *vote_len = malloc(sizeof(int64_t) * (size_t)(rows + 1));
    int64_t *seen = malloc(sizeof(int64_t) * (size_t)(id_count + 1));
    int64_t result = NO_MEMORY, distinct = 0;
    if (!vote_start || !vote_len || !seen || !table_init(&voters, rows, text)
        || !table_init(&votes, rows, text) || !table_init(&known, id_count, ids))
        goto done;
    result = NOT_PLAIN;
    for (int64_t at = 0, j = 0; at < ids_size; j++) {
        const char *end = memchr(ids + at, '\n', (size_t)(ids_size - at));
        int64_t len = end ? end - (ids + at) : ids_size - at;
        Slot *s = table_find(&known, ids + at, len);
        if (s->len >= 0 || j >= id_count)
            goto done;                  /* two projects with one id */
        *s = (Slot){at, len, j};
        at += len + 1;
        seen[j] = -1;
    }
    int64_t row = 0;
    for (int64_t at = 0; at <= size; row++) {
        if (row >= rows)
            goto done;
        int64_t field = 0, field_start = at, voter_start = 0, voter_len = -1, vote_s = 0,
                vote_l = -1;
        for (;; at++) {
            unsigned char c = at < size ? (unsigned char)text[at] : '\n';
            if (c == ';' || c == '\n') {
                if (field == voter_at) {
                    voter_start = field_start;
                    voter_len = at - field_start;
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
        if (field != width || voter_len <= 0)
            goto done;
        Slot *v = table_find(&voters, text + voter_start, voter_len);
        if (v->len >= 0)
            goto done;                  /* a voter twice */
        *v = (Slot){voter_start, voter_len, row};
        Slot *s = table_find(&votes, text + vote_s, vote_l);
        if (s->len < 0) {
            *s = (Slot){vote_s, vote_l, distinct};
            vote_start[distinct] = vote_s;
            vote_len[distinct] = vote_l;
            counts[distinct++] = 0;
        }
        counts[s->value]++;
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
            Slot *s = table_find(&known, text + at, len);
            if (s->len < 0 || seen[s->value] == d)
                goto done;              /* unknown, or named twice */
            seen[s->value] = d;
            projects[entry++] = (int32_t)s->value;
            at += len + 1;
            if (comma && at == end)
                goto done;              /* a comma at the end */
        }
        starts[d + 1] = entry;
    }
    result = distinct;
done:
    free(vote_start);
    free(vote_len);
    free(seen);
    free(voters.slots);
    free(votes.slots);
    free(known.slots);
    return result;
}
