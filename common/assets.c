#include "assets.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char assets_found[PATH_MAX];
static pthread_once_t assets_once = PTHREAD_ONCE_INIT;

/* PREFIX/share/qhall for a program in PREFIX/bin or PREFIX/sbin, if it
 * holds the strings every screen needs. */
static int assets_beside_program(char *out, size_t size)
{
	char exe[PATH_MAX], probe[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	if (n <= 0)
		return -1;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return -1;
	*slash = '\0'; /* PREFIX/bin */
	if ((slash = strrchr(exe, '/')) == NULL)
		return -1;
	*slash = '\0'; /* PREFIX */
	if ((size_t)snprintf(out, size, "%s/share/qhall", exe) >= size)
		return -1;
	snprintf(probe, sizeof probe, "%s/strings.json", out);
	return access(probe, R_OK) == 0 ? 0 : -1;
}

static void assets_find(void)
{
	const char *env = getenv("QHALL_ASSETS");

	if (env && env[0])
		snprintf(assets_found, sizeof assets_found, "%s", env);
	else if (assets_beside_program(assets_found, sizeof assets_found))
		snprintf(assets_found, sizeof assets_found, "%s",
		         QHALL_SOURCE_ASSETS_DIR);
}

const char *assets_dir(void)
{
	pthread_once(&assets_once, assets_find);
	return assets_found;
}

int assets_path(char *out, size_t size, const char *name)
{
	return (size_t)snprintf(out, size, "%s/%s", assets_dir(), name) >= size
	           ? -1
	           : 0;
}
