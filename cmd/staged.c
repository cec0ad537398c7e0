/*
 * staged.c — what `normlint check --staged` (and so the pre-commit hook)
 * checks: the staged content of the staged documents, read from git's index,
 * not from the work tree. Also the one place the CLI runs git (cli_git), which
 * install-hook shares.
 *
 * git runs as a child process from an argv (posix_spawnp, never a shell), and
 * the list of staged files comes NUL-separated (-z), so names with spaces,
 * quotes, newlines or Chinese characters pass through untouched. The list is
 * `git diff --cached --raw`: besides the names it gives each file's mode and
 * the id of its index blob, so symbolic links and submodules are skipped and
 * each blob is read by id (`git cat-file blob ID`), which also holds no
 * surprises for names that look like revision syntax.
 *
 * One git process per staged document: simple, and a commit rarely stages
 * more than a handful of documents. Inside a hook git sets GIT_INDEX_FILE
 * (`git commit -a`, `git commit PATH` use a temporary index); the children
 * inherit the environment, so they see what is about to be committed.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

extern char **environ;

#define PREFIX "normlint check --staged: "
#define ERR_KEEP 16384 /* bytes of git's stderr kept to find its reason */

typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

/* Read once from fd and append to b. Returns 1 on data, 0 at EOF, -1 on an
 * error (errno set). `limit` caps what is kept (the rest is read and dropped). */
static int read_some(int fd, buf *b, size_t limit)
{
    char tmp[65536];
    ssize_t n;
    do
        n = read(fd, tmp, sizeof tmp);
    while (n < 0 && errno == EINTR);
    if (n <= 0)
        return n == 0 ? 0 : -1;
    size_t keep = (size_t)n;
    if (b->len >= limit)
        return 1;
    if (keep > limit - b->len)
        keep = limit - b->len;
    if (nl_reserve((void **)&b->p, &b->cap, b->len + keep + 1, 1, 4096) != 0) {
        errno = ENOMEM;
        return -1;
    }
    memcpy(b->p + b->len, tmp, keep);
    b->len += keep;
    b->p[b->len] = '\0';
    return 1;
}

/* git's reason from its stderr into why: the first "fatal:" or "error:"
 * line (hints and warnings may come first; a localized git's lines do not
 * match, and then the first line is taken). "" when git said nothing. */
static void git_reason(char *why, size_t size, const buf *err)
{
    const char *text = err->p ? err->p : "", *pick = NULL, *end = text + err->len;
    for (const char *l = text; l < end && !pick;) {
        const char *nl = memchr(l, '\n', (size_t)(end - l));
        if (strncmp(l, "fatal:", 6) == 0 || strncmp(l, "error:", 6) == 0)
            pick = l;
        l = nl ? nl + 1 : end;
    }
    if (!pick)
        for (pick = text; pick < end && (*pick == '\n' || *pick == '\r'); pick++)
            ;
    size_t n = 0;
    while (pick + n < end && pick[n] != '\n' && pick[n] != '\r')
        n++;
    snprintf(why, size, "%.*s", (int)n, pick);
}

/* Start argv[0] with argv in *pid: stdin from /dev/null, stdout into the
 * pipe op, stderr into the pipe ep (the read ends stay with us; in the child
 * only the dup2'ed copies remain). 0, or -1 with why filled. */
static int spawn_git(pid_t *pid, char *const argv[], const int op[2], const int ep[2], char *why, size_t whysize)
{
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) != 0) {
        snprintf(why, whysize, "cannot run git: out of memory");
        return -1;
    }
    int bad = posix_spawn_file_actions_addclose(&fa, op[0]) || posix_spawn_file_actions_addclose(&fa, ep[0]) ||
              posix_spawn_file_actions_adddup2(&fa, op[1], STDOUT_FILENO) ||
              posix_spawn_file_actions_adddup2(&fa, ep[1], STDERR_FILENO) ||
              posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    if (!bad && op[1] != STDOUT_FILENO && op[1] != STDERR_FILENO)
        bad = posix_spawn_file_actions_addclose(&fa, op[1]);
    if (!bad && ep[1] != STDOUT_FILENO && ep[1] != STDERR_FILENO)
        bad = posix_spawn_file_actions_addclose(&fa, ep[1]);
    int rc = -1;
    if (bad) {
        snprintf(why, whysize, "cannot run git: out of memory");
    } else {
        int err = posix_spawnp(pid, argv[0], &fa, NULL, argv, environ);
        if (err != 0)
            snprintf(why, whysize, "cannot run %s: %s%s", argv[0], strerror(err),
                     err == ENOENT ? " (is git installed and on PATH?)" : "");
        else
            rc = 0;
    }
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}

/* Read the child's stdout (*outfd) into o and its stderr (*errfd) into e
 * (ERR_KEEP bytes kept) until both end, then close both and set them to -1.
 * Both pipes at once: git may fill either while we wait on the other.
 * Returns 0, or the errno of the first failure. */
static int read_pipes(int *outfd, int *errfd, buf *o, buf *e)
{
    struct pollfd pf[2] = {{*outfd, POLLIN, 0}, {*errfd, POLLIN, 0}};
    int open_fds = 2, read_err = 0;
    while (open_fds > 0) {
        if (poll(pf, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            read_err = errno;
            break;
        }
        for (int i = 0; i < 2; i++) {
            if (pf[i].fd < 0 || !(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            int r = read_some(pf[i].fd, i == 0 ? o : e, i == 0 ? SIZE_MAX - 1 : ERR_KEEP);
            if (r < 0 && !read_err)
                read_err = errno;
            if (r <= 0) {
                close(pf[i].fd);
                pf[i].fd = -1;
                open_fds--;
            }
        }
    }
    /* after a poll failure: closing our ends makes a git still writing stop */
    for (int i = 0; i < 2; i++)
        if (pf[i].fd >= 0)
            close(pf[i].fd);
    *outfd = *errfd = -1;
    return read_err;
}

/* What a finished git's wait status comes to: its exit code (128 + the
 * signal when killed), with its reason from its stderr e in why; -1 when it
 * exited 127 without a word (the exec failed in the child). */
static int git_status(int status, const buf *e, const char *prog, char *why, size_t whysize)
{
    int rc;
    if (WIFEXITED(status))
        rc = WEXITSTATUS(status);
    else
        rc = 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    git_reason(why, whysize, e);
    if (rc == 127 && !why[0]) {
        /* exit 127 and not a word from git: the exec failed in the child (where
           posix_spawn cannot report it, as under valgrind) — same as a spawn error */
        snprintf(why, whysize, "cannot run %s: not found (is git installed and on PATH?)", prog);
        rc = -1;
    }
    return rc;
}

int cli_git(char **out, size_t *outlen, char *const argv[], char *why, size_t whysize)
{
    int op[2] = {-1, -1}, ep[2] = {-1, -1}, rc = -1;
    buf o = {NULL, 0, 0}, e = {NULL, 0, 0};
    pid_t pid = -1;

    *out = NULL;
    *outlen = 0;
    why[0] = '\0';
    if (pipe(op) != 0 || pipe(ep) != 0) {
        snprintf(why, whysize, "cannot run git: %s", strerror(errno));
        goto done;
    }
    if (spawn_git(&pid, argv, op, ep, why, whysize) != 0)
        goto done;
    close(op[1]);
    close(ep[1]);
    op[1] = ep[1] = -1;

    int read_err = read_pipes(&op[0], &ep[0], &o, &e);
    int status;
    pid_t w;
    do
        w = waitpid(pid, &status, 0);
    while (w < 0 && errno == EINTR);
    if (read_err || w < 0) {
        snprintf(why, whysize, "cannot read the output of git: %s", strerror(read_err ? read_err : errno));
        goto done;
    }
    rc = git_status(status, &e, argv[0], why, whysize);
    if (!o.p && !(o.p = calloc(1, 1))) {
        rc = -1;
        snprintf(why, whysize, "out of memory");
        goto done;
    }
    *out = o.p;
    *outlen = o.len;
    o.p = NULL;
done:
    for (int i = 0; i < 2; i++) {
        if (op[i] >= 0)
            close(op[i]);
        if (ep[i] >= 0)
            close(ep[i]);
    }
    free(o.p);
    free(e.p);
    return rc;
}

/* Report a failed git run of cli_staged_inputs: "git could not run" (st < 0)
 * or "git said no" (st > 0) with git's own words. */
static void git_failed(const char *what, int st, const char *why)
{
    if (st < 0)
        fprintf(stderr, PREFIX "%s\n", why);
    else
        fprintf(stderr, PREFIX "%s failed (exit %d)%s%s\n", what, st, why[0] ? ": " : "", why);
}

/* The fields of one `git diff --raw -z` entry. The header
 * ":OLDMODE NEWMODE OLDID NEWID STATUS" is followed by one path, or two for a
 * rename or copy (source, then destination). */
typedef struct raw_entry {
    char *mode, *id, *path;
    char status;
} raw_entry;

/* Parse the entry at *p (before end) and move *p past it. 0 on malformed input. */
static int next_entry(char **p, char *end, raw_entry *ent)
{
    char *h = *p, *nul = memchr(h, '\0', (size_t)(end - h));
    if (*h != ':' || !nul)
        return 0;
    char *f[5];
    int n = 0;
    for (char *s = h + 1; n < 5 && s < nul;) {
        f[n++] = s;
        char *sp = memchr(s, ' ', (size_t)(nul - s));
        if (!sp)
            break;
        *sp = '\0';
        s = sp + 1;
    }
    if (n != 5)
        return 0;
    ent->mode = f[1];
    ent->id = f[3];
    ent->status = f[4][0];
    char *path = nul + 1;
    int npaths = ent->status == 'R' || ent->status == 'C' ? 2 : 1;
    for (int i = 0; i < npaths; i++) {
        if (path >= end || !(nul = memchr(path, '\0', (size_t)(end - path))))
            return 0;
        ent->path = path;
        if (i + 1 < npaths)
            path = nul + 1;
    }
    *p = nul + 1;
    return 1;
}

int cli_staged_inputs(cli_staged_fn fn, void *ud)
{
    char *top = NULL, *list = NULL, *blob = NULL;
    size_t toplen = 0, listlen = 0, bloblen = 0;
    char why[1024];
    int rc = NL_EXIT_USAGE, st;

    char *revparse[] = {"git", "rev-parse", "--show-toplevel", NULL};
    if ((st = cli_git(&top, &toplen, revparse, why, sizeof why)) != 0) {
        if (st < 0)
            git_failed("git rev-parse", st, why);
        else
            fprintf(stderr, PREFIX "not inside a git work tree%s%s%s\n", why[0] ? " (git: " : "", why,
                    why[0] ? ")" : "");
        goto done;
    }
    while (toplen > 0 && (top[toplen - 1] == '\n' || top[toplen - 1] == '\r'))
        top[--toplen] = '\0';
    if (toplen == 0) {
        fprintf(stderr, PREFIX "not inside a git work tree (git rev-parse gave no top-level directory)\n");
        goto done;
    }

    /* --raw rather than --name-only: the index blob ids and modes come with
     * the names. core.quotepath only matters without -z; it is off for
     * safety should a future git quote anyway. */
    char *diff[] = {"git",   "-C", top,           "-c",         "core.quotepath=off", "diff", "--cached",
                    "--raw", "-z", "--no-abbrev", "--no-color", "--diff-filter=ACMR", NULL};
    if ((st = cli_git(&list, &listlen, diff, why, sizeof why)) != 0) {
        git_failed("git diff --cached", st, why);
        goto done;
    }
    char *p = list, *end = list + listlen;
    while (p < end) {
        raw_entry ent;
        if (!next_entry(&p, end, &ent)) {
            fprintf(stderr, PREFIX "cannot understand the output of git diff --cached --raw -z\n");
            goto done;
        }
        /* regular files only: a symbolic link's blob is its target's name, a
         * submodule (160000) has no blob here at all */
        if ((strcmp(ent.mode, "100644") != 0 && strcmp(ent.mode, "100755") != 0) ||
            !nl_load_supported_name(ent.path))
            continue;
        char *cat[] = {"git", "-C", top, "cat-file", "blob", ent.id, NULL};
        free(blob);
        blob = NULL;
        if ((st = cli_git(&blob, &bloblen, cat, why, sizeof why)) != 0) {
            if (st < 0)
                git_failed("git cat-file", st, why);
            else
                fprintf(stderr, PREFIX "%s: cannot read the staged content (git cat-file exit %d)%s%s\n", ent.path,
                        st, why[0] ? ": " : "", why);
            goto done;
        }
        if (fn(ud, ent.path, blob, bloblen))
            break;
    }
    rc = NL_EXIT_OK;
done:
    free(blob);
    free(list);
    free(top);
    return rc;
}
