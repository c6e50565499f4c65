/* paikka-supervise: starts the FastCGI workers, the daemons without a
 * socket (the mailer) and optionally nginx, restarts any that dies, and
 * stops them all on SIGINT or SIGTERM.
 *
 *   paikka-supervise -d VARDIR [-w WORKERS] [-n NGINX_CONF]
 *                    [-x DAEMON]... PROGRAM...
 *
 * For each PROGRAM it listens on VARDIR/run/<name>.sock and starts WORKERS
 * processes that inherit the socket as fd 0 (FastCGI's convention), each
 * running its own accept loop. Several loops per socket keep nginx from
 * waiting on a worker that is still finishing its previous connection.
 * Each DAEMON (repeatable) runs as one process with /dev/null as stdin. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { MAX_PROGS = 16, MAX_CHILDREN = 256 };

struct child {
	pid_t pid;
	int prog; /* index into progs, DAEMON_BASE + index into daemons, or
	             -1 for nginx */
	time_t started;
};

enum { DAEMON_BASE = 1000 };

static const char *progs[MAX_PROGS];
static int socks[MAX_PROGS];
static char sock_paths[MAX_PROGS][108];
static int nprogs;
static const char *daemons[MAX_PROGS];
static int ndaemons;
static struct child children[MAX_CHILDREN];
static int nchildren;
static const char *vardir, *nginx_conf;
static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static void logmsg(const char *fmt, const char *a, long b)
{
	char ts[32];
	time_t now = time(NULL);
	strftime(ts, sizeof(ts), "%Y-%m-%d %H:%M:%S", gmtime(&now));
	fprintf(stderr, "%s paikka-supervise: ", ts);
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
}

static int listen_on(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	if (strlen(path) >= sizeof(sa.sun_path)) {
		logmsg("socket path too long: %s%ld", path, 0);
		return -1;
	}
	strcpy(sa.sun_path, path);
	unlink(path);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    chmod(path, 0660) != 0 || listen(fd, 1024) != 0) {
		logmsg("cannot listen on %s (errno %ld)", path, errno);
		return -1;
	}
	return fd;
}

static pid_t start_child(int prog)
{
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	if (prog < 0) {
		char prefix[4096];
		snprintf(prefix, sizeof(prefix), "%s/nginx/", vardir);
		execlp("nginx", "nginx", "-p", prefix, "-c", nginx_conf, "-e",
		    "stderr", "-g", "daemon off;", (char *)NULL);
		_exit(127);
	}
	if (prog >= DAEMON_BASE) {
		int null = open("/dev/null", O_RDONLY);
		if (null < 0 || dup2(null, 0) < 0)
			_exit(127);
		if (null != 0)
			close(null);
	} else if (dup2(socks[prog], 0) < 0) {
		_exit(127);
	}
	for (int i = 0; i < nprogs; i++)
		close(socks[i]);
	const char *path =
	    prog >= DAEMON_BASE ? daemons[prog - DAEMON_BASE] : progs[prog];
	execl(path, path, (char *)NULL);
	_exit(127);
}

/* The program a child runs, for the log. */
static const char *child_name(int prog)
{
	if (prog < 0)
		return "nginx";
	return prog >= DAEMON_BASE ? daemons[prog - DAEMON_BASE] : progs[prog];
}

static void spawn(int slot, int prog)
{
	children[slot].prog = prog;
	children[slot].started = time(NULL);
	children[slot].pid = start_child(prog);
}

static void stop_all(void)
{
	for (int i = 0; i < nchildren; i++)
		if (children[i].pid > 0)
			kill(children[i].pid, SIGTERM);
	time_t deadline = time(NULL) + 5;
	int left = nchildren;
	while (left > 0 && time(NULL) < deadline) {
		pid_t pid = waitpid(-1, NULL, WNOHANG);
		if (pid > 0)
			left--;
		else if (pid < 0)
			break;
		else
			usleep(20000);
	}
	for (int i = 0; i < nchildren; i++)
		if (children[i].pid > 0)
			kill(children[i].pid, SIGKILL);
	for (int i = 0; i < nprogs; i++)
		unlink(sock_paths[i]);
}

/* Restarts whatever died; a child that dies within a second of starting
 * waits a second first, so a broken program does not spin. */
static void supervise(void)
{
	while (!stopping) {
		int status;
		pid_t pid = waitpid(-1, &status, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < nchildren; i++) {
			if (children[i].pid != pid)
				continue;
			const char *name = child_name(children[i].prog);
			if (WIFSIGNALED(status))
				logmsg("%s killed by signal %ld, restarting",
				    name, WTERMSIG(status));
			else
				logmsg("%s exited with code %ld, restarting",
				    name, WEXITSTATUS(status));
			if (time(NULL) - children[i].started < 1)
				sleep(1);
			if (!stopping)
				spawn(i, children[i].prog);
		}
	}
}

int main(int argc, char **argv)
{
	int workers = 2, opt;
	while ((opt = getopt(argc, argv, "d:w:n:x:")) != -1) {
		if (opt == 'x' && ndaemons < MAX_PROGS)
			daemons[ndaemons++] = optarg;
		else if (opt == 'd')
			vardir = optarg;
		else if (opt == 'w')
			workers = atoi(optarg);
		else if (opt == 'n')
			nginx_conf = optarg;
		else
			return 2;
	}
	if (vardir == NULL || (optind >= argc && ndaemons == 0) ||
	    workers < 1 || workers > 32 || argc - optind > MAX_PROGS ||
	    (argc - optind) * workers + ndaemons + 1 > MAX_CHILDREN) {
		fprintf(stderr, "usage: paikka-supervise -d VARDIR [-w N] "
		                "[-n NGINX_CONF] [-x DAEMON]... PROGRAM...\n");
		return 2;
	}
	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	for (int i = optind; i < argc; i++) {
		char copy[4096];
		snprintf(copy, sizeof(copy), "%s", argv[i]);
		progs[nprogs] = argv[i];
		snprintf(sock_paths[nprogs], sizeof(sock_paths[0]),
		    "%s/run/%s.sock", vardir, basename(copy));
		socks[nprogs] = listen_on(sock_paths[nprogs]);
		if (socks[nprogs] < 0)
			return 1;
		nprogs++;
	}
	for (int p = 0; p < nprogs; p++)
		for (int w = 0; w < workers; w++)
			spawn(nchildren++, p);
	for (int d = 0; d < ndaemons; d++)
		spawn(nchildren++, DAEMON_BASE + d);
	if (nginx_conf)
		spawn(nchildren++, -1);
	logmsg("started %s with %ld processes", "paikka", nchildren);
	supervise();
	logmsg("stopping %s (%ld processes)", "paikka", nchildren);
	stop_all();
	return 0;
}
