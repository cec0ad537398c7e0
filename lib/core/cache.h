/*
 * cache.h — a cache folder (internal). The library has none of its own: the
 * caller names one (nl_ruleset_opts.cache_dir; the command line uses
 * $XDG_CACHE_HOME/normlint, else ~/.cache/normlint), and without one nothing
 * is cached and nothing is written. What lives there is derived from inputs
 * by their content hash (nl_hash64) and is only ever an optimisation: an
 * entry that is missing, stale or damaged is ignored and rebuilt, never
 * trusted.
 */
#ifndef NL_CORE_CACHE_H
#define NL_CORE_CACHE_H

#include <stddef.h>
#include <stdint.h>

#define NL_HASH64_INIT 1469598103934665603ull

/* FNV-1a over n bytes, continuing from h (start with NL_HASH64_INIT). */
uint64_t nl_hash64(uint64_t h, const void *p, size_t n);
/* A hash of n bytes taken eight at a time: the checksum of a cache file's
 * payload (read on every start, so it must be cheap; it guards against
 * damage, not against an attacker). */
uint64_t nl_hash64_words(const void *p, size_t n);

/* Create the cache folder (and its parent) if missing; 0 on success. */
int nl_cache_make_dir(const char *dir);

/* Markers: a small file `name` in the cache folder dir holding exactly
 * `body` records that something was verified. nl_cache_has_mark returns 1
 * only when the file exists with exactly that content; nl_cache_mark writes
 * it atomically, silently doing nothing when it cannot. */
int nl_cache_has_mark(const char *dir, const char *name, const char *body);
void nl_cache_mark(const char *dir, const char *name, const char *body);

/* Keys change (a marker's carries the day, a prefilter database's the
 * filters), so files whose key is never asked for again would pile up:
 * nl_cache_prune removes the files of the cache folder dir named `prefix`* that were
 * last written more than `days` days ago, once per prefix and process (a
 * writer calls it after writing; best effort, errors ignored).
 * nl_cache_keep refreshes the time of a file that is still in use, at most
 * once a day, so that pruning spares it. */
void nl_cache_prune(const char *dir, const char *prefix, int days);
void nl_cache_keep(const char *path);

#endif
