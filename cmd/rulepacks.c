/*
 * rulepacks.c — finding and loading rule packs for the subcommands that need
 * them (check, rules, test-rules).
 *
 * The bundled pack is looked for, in order: $NORMLINT_RULES; next to the
 * binary (DIR/rules); in the install tree (DIR/../share/normlint/rules); in
 * the source tree the binary was built in (DIR/../rules, DIR/../../rules for
 * build/asan); and at the compile-time NL_DATADIR.
 *
 * The library reads no environment: the cache folder ($XDG_CACHE_HOME or
 * ~/.cache, NORMLINT_CACHE=off for none), PCRE2's JIT (NORMLINT_JIT=off)
 * and the prefilter (NORMLINT_PREFILTER=on|off|none) are chosen here.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#ifndef NL_DATADIR
#define NL_DATADIR "/usr/local/share/normlint"
#endif

static int is_dir(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

int cli_bundled_rules(char *buf, size_t size)
{
    const char *env = getenv("NORMLINT_RULES");
    if (env && *env) {
        snprintf(buf, size, "%s", env);
        return is_dir(buf);
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            static const char *const rel[] = {"/rules", "/../share/normlint/rules", "/../rules", "/../../rules"};
            for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
                if ((size_t)snprintf(buf, size, "%s%s", exe, rel[i]) >= size)
                    continue;
                if (is_dir(buf)) {
                    char real[PATH_MAX];
                    if (realpath(buf, real))
                        snprintf(buf, size, "%s", real);
                    return 1;
                }
            }
        }
    }
    snprintf(buf, size, "%s/rules", NL_DATADIR);
    return is_dir(buf);
}

int cli_cache_dir(char *dir, size_t size)
{
    const char *off = getenv("NORMLINT_CACHE");
    if (off && strcmp(off, "off") == 0)
        return 0;
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    int n;
    if (xdg && *xdg)
        n = snprintf(dir, size, "%s/normlint", xdg);
    else if (home && *home)
        n = snprintf(dir, size, "%s/.cache/normlint", home);
    else
        return 0;
    return n > 0 && (size_t)n < size;
}

/* The key of the examples' verdicts in the cache: this program's build (the
   identity of its executable, so a rebuilt one checks again) and the day
   (examples may be judged against today's date). 0 when unknown. */
static int examples_key(char *buf, size_t size)
{
    struct stat sb;
    time_t now = time(NULL);
    struct tm tm;
    if (stat("/proc/self/exe", &sb) != 0 || !localtime_r(&now, &tm))
        return 0;
    snprintf(buf, size, "%llx:%llx:%llx:%llx.%09ld:%d-%d", (unsigned long long)sb.st_dev,
             (unsigned long long)sb.st_ino, (unsigned long long)sb.st_size, (unsigned long long)sb.st_mtim.tv_sec,
             (long)sb.st_mtim.tv_nsec, tm.tm_year, tm.tm_yday);
    return 1;
}

/* Inputs from which a run builds the prefilter databases the cache lacks:
   building them takes about a second, scanning without them a few
   milliseconds more per document, so a small run (a pre-commit hook, one
   draft) goes without and a batch builds them for every later run. */
#define PREFILTER_BUILD_INPUTS 64

void cli_prepare_rules(nl_ruleset *rs, size_t inputs)
{
    const char *mode = getenv("NORMLINT_PREFILTER");
    nl_prefilter_mode m = inputs >= PREFILTER_BUILD_INPUTS ? NL_PREFILTER_BUILD : NL_PREFILTER_CACHED;
    if (mode && strcmp(mode, "on") == 0)
        m = NL_PREFILTER_BUILD;
    else if (mode && strcmp(mode, "off") == 0)
        m = NL_PREFILTER_OFF;
    else if (mode && strcmp(mode, "none") == 0)
        m = NL_PREFILTER_NONE;
    nl_ruleset_prepare(rs, m);
}

int cli_load_rules(nl_ruleset **out, const char *const *dirs, size_t ndirs, int bundled, int print)
{
    nl_ruleset *rs = NULL;
    nl_error err;
    *out = NULL;
    /* the library does what it is told: the environment is read here */
    char cache[PATH_MAX], key[160];
    const char *jit = getenv("NORMLINT_JIT");
    nl_ruleset_opts opts = {.cache_dir = cli_cache_dir(cache, sizeof cache) ? cache : NULL,
                            .check_examples = 1,
                            .examples_key = examples_key(key, sizeof key) ? key : NULL,
                            .no_jit = jit && strcmp(jit, "off") == 0};
    if (nl_ruleset_new_with(&rs, &opts, &err) != NL_OK) {
        cli_error(&err);
        return NL_EXIT_USAGE;
    }
    int failed = 0;
    if (bundled) {
        char dir[PATH_MAX];
        if (!cli_bundled_rules(dir, sizeof dir)) {
            fprintf(stderr,
                    "normlint: the bundled rule pack was not found (looked next to the program, in the source "
                    "tree and in %s/rules); set NORMLINT_RULES or use --rules DIR\n",
                    NL_DATADIR);
            nl_ruleset_free(rs);
            return NL_EXIT_USAGE;
        }
        nl_status st = nl_ruleset_load_dir(rs, dir, &err);
        if (st != NL_OK && st != NL_ERR_RULE) {
            cli_error(&err);
            failed = 1;
        }
    }
    for (size_t i = 0; i < ndirs; i++) {
        nl_status st = nl_ruleset_load_dir(rs, dirs[i], &err);
        if (st != NL_OK && st != NL_ERR_RULE) {
            cli_error(&err);
            failed = 1;
        }
    }
    size_t np = nl_ruleset_problem_count(rs);
    if (print)
        for (size_t i = 0; i < np; i++) {
            const nl_error *e = nl_ruleset_problem(rs, i);
            if (e->line)
                fprintf(stderr, "%s:%lu:%lu: rule error: %s\n", e->path, e->line, e->column, e->message);
            else
                fprintf(stderr, "%s: rule error: %s\n", e->path, e->message);
        }
    *out = rs;
    return failed || np ? NL_EXIT_USAGE : NL_EXIT_OK;
}

static int load_profile_file(const char *name, int explicit, nl_profile **out);

/* After "profile NAME not found": the nearest bundled name, and how to list them. */
static void suggest_profile(const char *rules_dir, const char *name)
{
    char pdir[PATH_MAX + 16], best[256] = "";
    int bd = 3;
    snprintf(pdir, sizeof pdir, "%s/profiles", rules_dir);
    DIR *d = opendir(pdir);
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.' || len <= 5 || len > 200 || strcmp(de->d_name + len - 5, ".yaml") != 0)
            continue;
        char cand[256];
        snprintf(cand, sizeof cand, "%.*s", (int)(len - 5), de->d_name);
        int dist = cli_distance(name, cand);
        if (dist < bd) {
            bd = dist;
            snprintf(best, sizeof best, "%s", cand);
        }
    }
    if (d)
        closedir(d);
    if (best[0])
        fprintf(stderr, "; did you mean '%s'?", best);
    fputs(" ('normlint profile list' names them)\n", stderr);
}

/* Load the profile `name` and give it what it inherits (its extends:, else
   national, up the chain), at most 8 profiles deep. */
int cli_load_profile(const char *name, nl_profile **out)
{
    int rc = load_profile_file(name, name != NULL, out);
    char next[256] = "";
    const char *ext = rc == NL_EXIT_OK && *out ? nl_profile_extends(*out) : NULL;
    if (ext)
        snprintf(next, sizeof next, "%s", ext);
    for (int depth = 0; rc == NL_EXIT_OK && next[0]; depth++) {
        nl_profile *up = NULL;
        if (depth == 8) {
            fprintf(stderr, "normlint: profile '%s': extends goes deeper than 8 profiles (a loop?)\n",
                    nl_profile_name(*out));
            rc = NL_EXIT_USAGE;
            break;
        }
        if ((rc = load_profile_file(next, 1, &up)) != NL_EXIT_OK || !up)
            break;
        if (nl_profile_inherit(*out, up) != NL_OK) {
            fprintf(stderr, "normlint: out of memory\n");
            rc = NL_EXIT_USAGE;
        }
        ext = nl_profile_extends(up);
        snprintf(next, sizeof next, "%s", ext ? ext : "");
        nl_profile_free(up);
    }
    if (rc != NL_EXIT_OK) {
        nl_profile_free(*out);
        *out = NULL;
    }
    return rc;
}

static int load_profile_file(const char *name, int explicit, nl_profile **out)
{
    char path[PATH_MAX], dir[PATH_MAX];
    nl_error err;
    *out = NULL;
    if (!name)
        name = "national";
    size_t n = strlen(name);
    if (strchr(name, '/') || (n > 5 && strcmp(name + n - 5, ".yaml") == 0)) {
        snprintf(path, sizeof path, "%s", name);
    } else {
        if (!cli_bundled_rules(dir, sizeof dir) ||
            (size_t)snprintf(path, sizeof path, "%s/profiles/%s.yaml", dir, name) >= sizeof path) {
            if (!explicit)
                return NL_EXIT_OK; /* no bundled profiles: built-in defaults */
            fprintf(stderr, "normlint: profile '%s' not found (no bundled rule pack)\n", name);
            return NL_EXIT_USAGE;
        }
        struct stat sb;
        if (stat(path, &sb) != 0) {
            if (!explicit)
                return NL_EXIT_OK;
            fprintf(stderr, "normlint: profile '%s' not found (looked for %s)", name, path);
            suggest_profile(dir, name);
            return NL_EXIT_USAGE;
        }
    }
    if (nl_profile_load(out, path, &err) != NL_OK) {
        if (err.line)
            fprintf(stderr, "%s:%lu:%lu: profile error: %s\n", err.path, err.line, err.column, err.message);
        else
            cli_error(&err);
        return NL_EXIT_USAGE;
    }
    return NL_EXIT_OK;
}
