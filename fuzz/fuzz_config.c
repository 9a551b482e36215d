/* The config file as an operator (or a broken disk) might write it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct config c;
	struct qerr err;
	FILE *f;

	if (path[0] == '\0') {
		snprintf(path, sizeof path, "/tmp/qhall-fuzz-conf-%ld",
		         (long)getpid());
	}
	if ((f = fopen(path, "wb")) == NULL)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	config_defaults(&c);
	config_load(&c, path, &err);
	return 0;
}
