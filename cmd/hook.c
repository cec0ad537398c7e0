/*
 * hook.c — `normlint install-hook [--force] [--fail-on SEV] [REPO]`: write a
 * git pre-commit hook that runs `normlint check --staged`, so a commit whose
 * staged documents have findings at or above SEV is refused with the findings
 * shown.
 *
 * The hook is a plain POSIX sh script placed where git looks for hooks
 * (`git rev-parse --git-path hooks`: core.hooksPath and linked worktrees
 * included). It calls the normlint that installed it by absolute path
 * (/proc/self/exe), falling back to `normlint` on PATH when that file is gone.
 * A hook that normlint did not write (found by a marker comment) is never
 * replaced without --force, and then its content is kept as pre-commit.bak
 * (or pre-commit.bak.N when that exists). The new hook is written to a
 * temporary file in the same directory, synced and renamed over the old one,
 * so a crash leaves either the old hook or the new one.
 */
#define _XOPEN_SOURCE 700 /* fchmod */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define CMD "install-hook"
/* Present in every hook this command writes; how it recognises its own. */
#define MARKER "written by normlint install-hook"

static void usage(FILE *f)
{
    fputs("Usage: normlint install-hook [OPTIONS] [REPO]\n"
          "\n"
          "Install a git pre-commit hook in the repository REPO (default: the one\n"
          "around the current directory). The hook runs 'normlint check --staged':\n"
          "it checks the staged content of the staged documents and refuses the\n"
          "commit when a finding is at or above --fail-on, showing the findings.\n"
          "Bypass it for one commit with 'git commit --no-verify'.\n"
          "\n"
          "The hook goes where git looks for hooks (core.hooksPath and worktrees\n"
          "are honoured). It calls this normlint by its absolute path, or\n"
          "'normlint' on PATH when that file is gone. Running install-hook again\n"
          "replaces a hook it wrote before.\n"
          "\n"
          "Options:\n"
          "      --fail-on SEV  refuse the commit on a finding at least SEV: error\n"
          "                     (default), warning, info\n"
          "      --force        replace a pre-commit hook normlint did not write; its\n"
          "                     content is kept as pre-commit.bak (or pre-commit.bak.N)\n"
          "  -h, --help         show this help\n"
          "\n"
          "Exit codes: 0 installed, 2 usage error, not a git work tree, a hook\n"
          "normlint did not write is in the way, or the hook cannot be written.\n",
          f);
}


static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return 0;
        data += n;
        len -= (size_t)n;
    }
    return 1;
}

/* Write the hook `path` through the library's atomic writer (temporary
 * file in the same directory, fsync, rename): mode 0755 whatever the umask,
 * since git runs only executable hooks. */
static nl_status write_hook(const char *path, const char *data, size_t len, nl_error *err)
{
    nl_atomic *a = NULL;
    nl_status st = nl_atomic_open(&a, path, err);
    if (st != NL_OK)
        return st;
    if ((st = nl_atomic_set_mode(a, 0755, err)) != NL_OK) {
        nl_atomic_abort(a);
        return st;
    }
    if (fwrite(data, 1, len, nl_atomic_stream(a)) != len) {
        int e = errno;
        nl_atomic_abort(a);
        return nl_error_set(err, NL_ERR_IO, path, "cannot write: %s", strerror(e ? e : EIO));
    }
    return nl_atomic_commit(a, err);
}

/* Keep a foreign hook's content as PATH.bak, or PATH.bak.N if taken (never
 * overwriting). The chosen name goes to bak. 0 and errno on failure. */
static int backup(const char *path, const char *data, size_t len, mode_t mode, char *bak, size_t size)
{
    for (int i = 0; i < 100; i++) {
        int n = i ? snprintf(bak, size, "%s.bak.%d", path, i) : snprintf(bak, size, "%s.bak", path);
        if (n < 0 || (size_t)n >= size) {
            errno = ENAMETOOLONG;
            return 0;
        }
        int fd = open(bak, O_WRONLY | O_CREAT | O_EXCL, mode & 07777);
        if (fd < 0) {
            if (errno == EEXIST)
                continue;
            return 0;
        }
        int ok = write_all(fd, data, len) && fsync(fd) == 0;
        int saved = errno;
        if (close(fd) != 0 && ok) {
            ok = 0;
            saved = errno;
        }
        if (!ok) {
            unlink(bak);
            errno = saved;
        }
        return ok;
    }
    errno = EEXIST;
    return 0;
}

/* mkdir -p for the hooks directory (core.hooksPath may name one not made yet). */
static int make_dirs(const char *dir)
{
    char p[PATH_MAX];
    if ((size_t)snprintf(p, sizeof p, "%s", dir) >= sizeof p) {
        errno = ENAMETOOLONG;
        return 0;
    }
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST)
                return 0;
            *s = c;
            if (!c)
                break;
        }
    }
    struct stat sb;
    if (stat(p, &sb) != 0)
        return 0;
    if (!S_ISDIR(sb.st_mode)) {
        errno = ENOTDIR;
        return 0;
    }
    return 1;
}

/* Append s to the script in sh single quotes ('it'\''s'). */
static void put_quoted(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++)
        if (*s == '\'')
            fputs("'\\''", f);
        else
            fputc(*s, f);
    fputc('\'', f);
}

/* The hook script (caller frees), or NULL when out of memory. */
static char *hook_script(const char *exe, const char *sev, int sev_given, size_t *len)
{
    char *text = NULL;
    FILE *f = open_memstream(&text, len);
    if (!f)
        return NULL;
    fprintf(f,
            "#!/bin/sh\n"
            "# normlint pre-commit hook, " MARKER " (normlint %s).\n"
            "# It checks the staged content of the staged documents and refuses the\n"
            "# commit when a finding is at or above '%s'%s.\n"
            "# Bypass it for one commit: git commit --no-verify\n"
            "# Change it: normlint install-hook --fail-on SEV; remove it: delete this file.\n"
            "normlint=",
            NL_VERSION, sev, sev_given ? "" : " (or the fail-on of .normlint.yaml)");
    put_quoted(f, exe);
    fprintf(f,
            "\n"
            "if [ ! -x \"$normlint\" ]; then\n"
            "    # the normlint that installed this hook is gone: use the one on PATH\n"
            "    if command -v normlint >/dev/null 2>&1; then\n"
            "        normlint=normlint\n"
            "    else\n"
            "        echo \"pre-commit: normlint not found ($normlint, nor on PATH); install it,\" \\\n"
            "            \"or bypass this hook with: git commit --no-verify\" >&2\n"
            "        exit 1\n"
            "    fi\n"
            "fi\n"
            "\"$normlint\" check --staged%s%s\n"
            "rc=$?\n"
            "case $rc in\n"
            "0) ;;\n"
            "1) echo \"pre-commit: normlint refused the commit: the staged documents have findings at or above\" \\\n"
            "       \"the fail-on severity (listed above). Fix them, or bypass this hook once with:\" \\\n"
            "       \"git commit --no-verify\" >&2 ;;\n"
            "*) echo \"pre-commit: normlint refused the commit: it could not check the staged documents\" \\\n"
            "       \"(exit $rc, see above). Bypass this hook once with: git commit --no-verify\" >&2 ;;\n"
            "esac\n"
            "exit $rc\n",
            sev_given ? " --fail-on " : "", sev_given ? sev : "");
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

/* Run `git -C repo rev-parse ARG` and return its one line of output (caller
 * frees), or NULL after printing why. */
static char *rev_parse(char *repo, char *arg1, char *arg2)
{
    char *out = NULL, why[1100];
    size_t len = 0;
    char *argv[] = {"git", "-C", repo, "rev-parse", arg1, arg2, NULL};
    int st = cli_git(&out, &len, argv, why, sizeof why);
    if (st < 0)
        fprintf(stderr, "normlint " CMD ": %s\n", why);
    else if (st > 0)
        fprintf(stderr, "normlint " CMD ": %s: not inside a git work tree%s%s%s\n", repo, why[0] ? " (git: " : "",
                why, why[0] ? ")" : "");
    if (st != 0) {
        free(out);
        return NULL;
    }
    while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
        out[--len] = '\0';
    if (len == 0) {
        fprintf(stderr, "normlint " CMD ": %s: git rev-parse %s gave nothing\n", repo, arg2 ? arg2 : arg1);
        free(out);
        return NULL;
    }
    return out;
}

/* What the command line says. */
typedef struct hook_args {
    nl_severity sev; /* --fail-on, else error */
    int sev_given;   /* --fail-on was given (else the hook defers to .normlint.yaml) */
    int force;
    char *repo;     /* REPO, else "." */
    int repo_given; /* REPO was named (git answers --git-path relative to it) */
} hook_args;

enum { O_FAIL_ON = 256, O_FORCE };
static const struct option hook_longopts[] = {
    {"fail-on", required_argument, NULL, O_FAIL_ON},
    {"force", no_argument, NULL, O_FORCE},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* Read the command line into a (set up here): the options and at most one
   repository. -1 to go on, else the exit code to return at once (after a
   usage error, or after --help). */
static int parse_args(hook_args *a, int argc, char **argv)
{
    int c;
    memset(a, 0, sizeof *a);
    a->sev = NL_SEV_ERROR;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", hook_longopts, NULL)) != -1) {
        switch (c) {
        case O_FAIL_ON:
            if (!nl_severity_parse(optarg, &a->sev)) {
                cli_usage_error(CMD, "--fail-on needs error, warning or info, not '%s'", optarg);
                return NL_EXIT_USAGE;
            }
            a->sev_given = 1;
            break;
        case O_FORCE: a->force = 1; break;
        case 'h': usage(stdout); return NL_EXIT_OK;
        default:
            return cli_bad_option(CMD, argv);
        }
    }
    if (argc - optind > 1) {
        cli_usage_error(CMD, "one repository at most, not %d", argc - optind);
        return NL_EXIT_USAGE;
    }
    a->repo_given = optind < argc;
    a->repo = a->repo_given ? argv[optind] : ".";
    return -1;
}

/* The hooks directory (made when missing) into dir and its pre-commit hook
   into path, both of `size` bytes, from git's --git-path answer `hooks`.
   0 after a message. */
static int locate_hook(char *dir, char *path, size_t size, const hook_args *a, const char *hooks)
{
    /* --git-path answers relative to where git ran: REPO */
    int n = hooks[0] == '/' || !a->repo_given ? snprintf(dir, size, "%s", hooks)
                                             : snprintf(dir, size, "%s/%s", a->repo, hooks);
    if (n < 0 || (size_t)n >= size || (size_t)snprintf(path, size, "%s/pre-commit", dir) >= size) {
        fprintf(stderr, "normlint " CMD ": the hooks directory path is too long: %s\n", hooks);
        return 0;
    }
    if (!make_dirs(dir)) {
        fprintf(stderr, "normlint " CMD ": cannot create the hooks directory %s: %s\n", dir, strerror(errno));
        return 0;
    }
    return 1;
}

/* Deal with a hook already at path: one normlint wrote is replaced as it
   is; a foreign one only with --force, after its content is kept in a
   backup whose name goes to bak (of `size` bytes; left as it is when there
   is none). *old gets the existing hook's text (the caller frees it, also
   on failure). 0 after a message. */
static int keep_existing(char **old, const char *path, int force, char *bak, size_t size)
{
    size_t oldlen = 0;
    struct stat sb;
    if (lstat(path, &sb) == 0) {
        nl_error rerr;
        if (nl_read_file(path, "the existing hook", (size_t)16 << 20, old, &oldlen, &rerr) != NL_OK) {
            fprintf(stderr, "normlint " CMD ": %s: %s\n", path, rerr.message);
            return 0;
        }
        if (!strstr(*old, MARKER)) {
            if (!force) {
                fprintf(stderr,
                        "normlint " CMD ": %s exists and was not written by normlint; use --force to replace it "
                        "(its content is then kept as %s.bak), or call 'normlint check --staged' from it\n",
                        path, path);
                return 0;
            }
            struct stat fs;
            if (stat(path, &fs) != 0)
                fs.st_mode = 0755;
            if (!backup(path, *old, oldlen, fs.st_mode, bak, size)) {
                fprintf(stderr, "normlint " CMD ": cannot keep a copy of the existing hook %s: %s\n", path,
                        strerror(errno));
                return 0;
            }
        }
    } else if (errno != ENOENT) {
        fprintf(stderr, "normlint " CMD ": %s: %s\n", path, strerror(errno));
        return 0;
    }
    return 1;
}

/* The running binary's path into exe (`size` bytes), so the hook checks
   with the normlint that installed it; "normlint" when it cannot be read. */
static void self_path(char *exe, size_t size)
{
    ssize_t m = readlink("/proc/self/exe", exe, size - 1);
    if (m > 0)
        exe[m] = '\0';
    else
        snprintf(exe, size, "normlint");
}

/* Say on stdout what was installed, and where the previous hook is kept. */
static void print_installed(const char *path, const hook_args *a, const char *bak)
{
    if (a->sev_given)
        printf("normlint: installed the pre-commit hook %s (commits with findings at or above %s are refused)\n", path,
               nl_severity_name(a->sev));
    else
        printf("normlint: installed the pre-commit hook %s (commits with findings at or above the fail-on of "
               ".normlint.yaml, by default error, are refused)\n", path);
    if (bak[0])
        printf("normlint: the previous hook is kept as %s\n", bak);
}

int cmd_install_hook(int argc, char **argv)
{
    hook_args a;
    int rc = parse_args(&a, argc, argv);
    if (rc >= 0)
        return rc;
    rc = NL_EXIT_USAGE;
    char *top = NULL, *hooks = NULL, *old = NULL, *script = NULL;
    size_t len = 0;
    char dir[PATH_MAX], path[PATH_MAX], bak[PATH_MAX] = "", exe[PATH_MAX];

    /* a work tree is needed: a bare repository never runs pre-commit */
    if (!(top = rev_parse(a.repo, "--show-toplevel", NULL)) || !(hooks = rev_parse(a.repo, "--git-path", "hooks")))
        goto done;
    if (!locate_hook(dir, path, sizeof path, &a, hooks) || !keep_existing(&old, path, a.force, bak, sizeof bak))
        goto done;
    self_path(exe, sizeof exe);
    if (!(script = hook_script(exe, nl_severity_name(a.sev), a.sev_given, &len))) {
        fprintf(stderr, "normlint " CMD ": out of memory\n");
        goto done;
    }
    nl_error werr;
    if (write_hook(path, script, len, &werr) != NL_OK) {
        fprintf(stderr, "normlint " CMD ": %s: %s\n", werr.path, werr.message);
        goto done;
    }
    print_installed(path, &a, bak);
    rc = NL_EXIT_OK;
done:
    free(script);
    free(old);
    free(hooks);
    free(top);
    return rc;
}
