/*
 * output.c — `-o FILE` for the commands that write a report (check has its
 * own, with several reports per run): the report goes to a temporary file
 * next to FILE, renamed over it only when the run wrote it whole, so a
 * failed run never leaves half a report or clobbers the previous one.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

FILE *cli_out_open(cli_out *o, const char *path)
{
    nl_error err;
    o->a = NULL;
    o->f = stdout;
    if (!path || strcmp(path, "-") == 0)
        return o->f;
    if (nl_atomic_open(&o->a, path, &err) != NL_OK) {
        cli_error(&err);
        return NULL;
    }
    return o->f = nl_atomic_stream(o->a);
}

int cli_out_close(cli_out *o, int keep)
{
    nl_error err;
    int ok = 1;
    if (!o->a) {
        if (keep && (fflush(stdout) != 0 || ferror(stdout))) {
            fprintf(stderr, "normlint: cannot write to standard output: %s\n", strerror(errno ? errno : EIO));
            ok = 0;
        }
    } else if (keep) {
        if (nl_atomic_commit(o->a, &err) != NL_OK) {
            cli_error(&err);
            ok = 0;
        }
    } else {
        nl_atomic_abort(o->a);
    }
    o->a = NULL;
    o->f = NULL;
    return ok;
}
