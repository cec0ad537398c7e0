/*
 * run.c — a converter program as a child process (run.h).
 *
 * The input goes to the child through an anonymous in-memory file
 * (memfd_create; where that is missing, a file in /tmp unlinked the moment
 * it is made), which the child reads as a seekable standard input: the
 * converter may seek (a PDF is read from its end), and we never have to
 * feed a pipe while draining two others. Every descriptor made here is
 * close-on-exec, so a converter started by another worker thread at the
 * same moment never inherits one of our pipe ends (it would keep our read
 * from ever seeing the end of the output). The child's output and error
 * pipes are drained together with poll(), which also carries the deadline;
 * past the deadline or the output cap the child is killed with SIGKILL and
 * reaped, so no run leaves a process behind.
 */
#define _GNU_SOURCE /* memfd_create, pipe2, mkostemp, prlimit (Linux, glibc) */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "load/run.h"

extern char **environ;

/* A descriptor of its own, above the standard three: posix_spawn's dup2
 * onto 0, 1 or 2 from the same number would keep the close-on-exec flag. */
static int above_std(int fd)
{
    if (fd < 0 || fd > 2)
        return fd;
    int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    close(fd);
    return moved;
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, p, len > ((size_t)1 << 30) ? (size_t)1 << 30 : len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

/* The input as a readable, seekable descriptor at offset 0, or -1. */
static int input_fd(const void *input, size_t len)
{
    int fd = memfd_create("normlint-input", MFD_CLOEXEC);
    if (fd < 0) {
        char name[] = "/tmp/normlint-XXXXXX";
        fd = mkostemp(name, O_CLOEXEC);
        if (fd >= 0)
            unlink(name);
    }
    fd = above_std(fd);
    if (fd < 0)
        return -1;
    if (write_all(fd, input, len) != 0 || lseek(fd, 0, SEEK_SET) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int cloexec_pipe(int p[2])
{
    if (pipe2(p, O_CLOEXEC) != 0)
        return -1;
    p[0] = above_std(p[0]);
    p[1] = above_std(p[1]);
    return p[0] < 0 || p[1] < 0 ? -1 : 0;
}

/* Start the child with `in` as its stdin, `out` and `err` as its stdout and
 * stderr, default signal handling and no blocked signal (a worker thread's
 * mask is not the converter's business). 0, or the error number. */
static int spawn(pid_t *pid, char *const argv[], int in, int out, int err)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    sigset_t none, dflt;
    int rc;

    if ((rc = posix_spawn_file_actions_init(&fa)) != 0)
        return rc;
    if ((rc = posix_spawnattr_init(&at)) != 0) {
        posix_spawn_file_actions_destroy(&fa);
        return rc;
    }
    sigemptyset(&none);
    sigemptyset(&dflt);
    sigaddset(&dflt, SIGPIPE);
    rc = posix_spawn_file_actions_adddup2(&fa, in, STDIN_FILENO);
    if (!rc)
        rc = posix_spawn_file_actions_adddup2(&fa, out, STDOUT_FILENO);
    if (!rc)
        rc = posix_spawn_file_actions_adddup2(&fa, err, STDERR_FILENO);
    if (!rc)
        rc = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    if (!rc)
        rc = posix_spawnattr_setsigmask(&at, &none);
    if (!rc)
        rc = posix_spawnattr_setsigdefault(&at, &dflt);
    if (!rc)
        rc = posix_spawnp(pid, argv[0], &fa, &at, argv, environ);
    posix_spawnattr_destroy(&at);
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Append what fd has to the output (at most max_out bytes; a byte more
 * means too much). 1 data, 0 end of file, -1 error or too much (*over set). */
static int read_out(int fd, nl_run_result *res, size_t *cap, size_t max_out, int *over)
{
    size_t room = max_out - res->out_len + 1; /* one byte past the cap tells */
    if (room > 65536)
        room = 65536;
    if (nl_reserve((void **)&res->out, cap, res->out_len + room + 1, 1, 65536) != 0)
        return -1;
    ssize_t n = read(fd, res->out + res->out_len, room);
    if (n < 0)
        return errno == EINTR || errno == EAGAIN ? 1 : -1;
    res->out_len += (size_t)n;
    res->out[res->out_len] = '\0';
    if (res->out_len > max_out) {
        *over = 1;
        return -1;
    }
    return n > 0;
}

/* Keep the start of stderr, drop the rest. */
static int read_err(int fd, nl_run_result *res, size_t *kept)
{
    char tmp[4096];
    ssize_t n = read(fd, tmp, sizeof tmp);
    if (n < 0)
        return errno == EINTR || errno == EAGAIN ? 1 : -1;
    size_t take = (size_t)n < NL_RUN_ERR_KEEP - *kept ? (size_t)n : NL_RUN_ERR_KEEP - *kept;
    memcpy(res->err + *kept, tmp, take);
    *kept += take;
    res->err[*kept] = '\0';
    return n > 0;
}

/* Drain both pipes until both end, the output passes max_out or the
 * deadline passes. Returns the outcome so far (NL_RUN_EXITED: both ended);
 * -1 when out of memory or a read failed. */
static int drain(nl_run_result *res, int out, int err, size_t max_out, long long deadline)
{
    struct pollfd pf[2] = {{out, POLLIN, 0}, {err, POLLIN, 0}};
    size_t cap = 0, kept = 0;
    int open_fds = 2, over = 0;

    while (open_fds > 0) {
        long long left = deadline - now_ms();
        if (left <= 0)
            return NL_RUN_TIMEOUT;
        int r = poll(pf, 2, left > 60000 ? 60000 : (int)left);
        if (r < 0 && errno != EINTR)
            return -1;
        for (int i = 0; r > 0 && i < 2; i++) {
            if (pf[i].fd < 0 || !(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            int got = i == 0 ? read_out(pf[i].fd, res, &cap, max_out, &over) : read_err(pf[i].fd, res, &kept);
            if (over)
                return NL_RUN_TOO_MUCH;
            if (got < 0)
                return -1;
            if (got == 0) {
                pf[i].fd = -1;
                open_fds--;
            }
        }
    }
    return NL_RUN_EXITED;
}

/* Wait for the child until the deadline (it may close its output and go on
 * running), then kill it; its wait status. *late is set when it was killed. */
static int reap(pid_t pid, long long deadline, int *late)
{
    int status = 0;
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR))
            return status;
        if (r == 0 && now_ms() >= deadline) {
            kill(pid, SIGKILL);
            *late = 1;
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
            return status;
        }
        if (r == 0)
            nanosleep(&(struct timespec){0, 5 * 1000 * 1000}, NULL);
    }
}

/* How the child ended, from its wait status. exit 127 without a word on
 * stderr: the exec failed in the child, where posix_spawnp cannot report it
 * (under valgrind, say) — the program is missing. */
static void ended(nl_run_result *res, int status)
{
    if (WIFSIGNALED(status)) {
        res->outcome = NL_RUN_SIGNALLED;
        res->code = WTERMSIG(status);
        return;
    }
    res->outcome = NL_RUN_EXITED;
    res->code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (res->code == 127 && !res->err[0] && res->out_len == 0) {
        res->outcome = NL_RUN_NOT_FOUND;
        res->code = 0;
    }
}

nl_status nl_run(nl_run_result *res, char *const argv[], const void *input, size_t len, const nl_run_limits *lim,
                 const char *path, nl_error *err)
{
    int in = -1, op[2] = {-1, -1}, ep[2] = {-1, -1};
    pid_t pid = -1;
    nl_status st = NL_OK;

    memset(res, 0, sizeof *res);
    if ((in = input_fd(input, len)) < 0 || cloexec_pipe(op) != 0 || cloexec_pipe(ep) != 0) {
        st = nl_error_set(err, NL_ERR_IO, path, "cannot run %s: %s", argv[0], strerror(errno));
        goto done;
    }
    int rc = spawn(&pid, argv, in, op[1], ep[1]);
    if (rc != 0) {
        if (rc == ENOENT || rc == EACCES || rc == ENOTDIR)
            res->outcome = NL_RUN_NOT_FOUND;
        else
            st = nl_error_set(err, rc == ENOMEM ? NL_ERR_NOMEM : NL_ERR_IO, path, "cannot run %s: %s", argv[0],
                              strerror(rc));
        goto done;
    }
    if (lim->memory) {
        struct rlimit rl = {(rlim_t)lim->memory, (rlim_t)lim->memory};
        (void)prlimit(pid, RLIMIT_AS, &rl, NULL); /* best effort: the child may have ended */
    }
    /* our copies of the child's ends go, so its exit ends our reads */
    close(op[1]);
    close(ep[1]);
    op[1] = ep[1] = -1;
    long long deadline = now_ms() + (long long)lim->seconds * 1000;
    int how = drain(res, op[0], ep[0], lim->output, deadline), late = 0;
    if (how != NL_RUN_EXITED)
        kill(pid, SIGKILL);
    int status = reap(pid, deadline, &late);
    if (late && how == NL_RUN_EXITED) /* its output ended, but not it */
        how = NL_RUN_TIMEOUT;
    if (how < 0)
        st = nl_error_set(err, NL_ERR_NOMEM, path, "cannot read the output of %s", argv[0]);
    else if (how != NL_RUN_EXITED)
        res->outcome = (nl_run_outcome)how;
    else
        ended(res, status);

done:
    if (st != NL_OK || (res->outcome != NL_RUN_EXITED && res->outcome != NL_RUN_SIGNALLED)) {
        free(res->out);
        res->out = NULL;
        res->out_len = 0;
    }
    int fds[] = {in, op[0], op[1], ep[0], ep[1]};
    for (size_t k = 0; k < sizeof fds / sizeof fds[0]; k++)
        if (fds[k] >= 0)
            close(fds[k]);
    return st;
}
