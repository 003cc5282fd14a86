/* help: true: exit 0 */
/* true: exits 0 at once (for spawn/exit stress). */
int main(void)
{
	return 0;
}
