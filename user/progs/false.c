/* help: false: exit 1 */
/* false: exits 1 at once (the shell's || and && are tested with it). */
int main(void)
{
	return 1;
}
