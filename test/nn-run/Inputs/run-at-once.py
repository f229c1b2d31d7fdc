"""Runs the command line given in two processes at once (for the compile
cache's concurrent writers), then prints each one's output in turn; exits
with the first non-zero status."""
import subprocess
import sys

processes = [
    subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT) for _ in range(2)
]
status = 0
for process in processes:
    output, _ = process.communicate()
    sys.stdout.write(output.decode())
    status = status or process.returncode
sys.exit(status)
