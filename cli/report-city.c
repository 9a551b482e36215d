/* qhall report PERIOD --halls FILE...: the city's report from the halls'
 * exports. Refused until the export format lands (next change). */
#include "report.h"

int report_city(struct cli *cli, const struct report_args *a)
{
	(void)cli;
	(void)a;
	return cli_fail("--halls is not available in this build");
}
