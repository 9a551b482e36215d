/*
 * Where the programs find what they ship with: the demo catalog and the
 * string files. An installed program finds them beside itself
 * (PREFIX/bin/qhall-kiosk → PREFIX/share/qhall), so a package can put
 * them wherever its prefix is; a program run from the build tree finds the
 * checkout's assets/; $QHALL_ASSETS overrides both.
 */
#ifndef QHALL_ASSETS_H
#define QHALL_ASSETS_H

#include <stddef.h>

/* The folder, without a trailing slash; lives as long as the program. */
const char *assets_dir(void);
/* dir/name into out; -1 when it does not fit. */
int assets_path(char *out, size_t size, const char *name);

#endif
