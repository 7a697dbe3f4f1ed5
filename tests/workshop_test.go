package tests

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The workshop labs (docs/workshop/NN-*.md) are run here, every command block
// of every lab, in order, as an attendee would type them: a lab whose
// commands don't work, or whose output no longer reads as the lab says,
// fails CI. A lab's conventions (docs/workshop/README.md):
//
//	```sh                        a block the test runs (bash, as root)
//	<!-- expect: REGEX -->       its output (stdout+stderr) must match REGEX
//	<!-- exit: N -->             its last command must exit N (default 0)
//
// ```console and ```text blocks are what the attendee should see; the test
// does not run them. Each lab runs in one bash, so variables carry from one
// block to the next, with its own TENT_ROOT and TENT_STATE in a temp dir:
// the machine's store is never touched.

// labBlock is one ```sh block of a lab and what its output must show.
type labBlock struct {
	Line   int // the line of its opening fence, for error messages
	Script string
	Expect []*regexp.Regexp
	Exit   int
}

var (
	labExpect = regexp.MustCompile(`^<!-- expect: (.*) -->$`)
	labExit   = regexp.MustCompile(`^<!-- exit: (\d+) -->$`)
)

// parseLab reads a lab's ```sh blocks and the expectations after each.
func parseLab(text string) ([]labBlock, error) {
	var blocks []labBlock
	var cur *labBlock
	inSh, inOther := false, false
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case inSh && line == "```":
			inSh = false
		case inSh:
			cur.Script += line + "\n"
		case inOther && strings.HasPrefix(line, "```"):
			inOther = false
		case inOther:
		case line == "```sh":
			blocks = append(blocks, labBlock{Line: n})
			cur, inSh = &blocks[len(blocks)-1], true
		case strings.HasPrefix(line, "```"):
			inOther = true
		case labExpect.MatchString(line) || labExit.MatchString(line):
			if cur == nil {
				return nil, fmt.Errorf("line %d: an expectation before any ```sh block", n)
			}
			if m := labExit.FindStringSubmatch(line); m != nil {
				cur.Exit, _ = strconv.Atoi(m[1])
				continue
			}
			re, err := regexp.Compile(labExpect.FindStringSubmatch(line)[1])
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
			cur.Expect = append(cur.Expect, re)
		}
	}
	if inSh || inOther {
		return nil, fmt.Errorf("a code block is not closed")
	}
	return blocks, sc.Err()
}

// labScript is one bash script of every block, each between markers that
// carry its exit code.
func labScript(blocks []labBlock) string {
	var b strings.Builder
	for i, blk := range blocks {
		fmt.Fprintf(&b, "echo '@@block %d'\n{\n%s} 2>&1\nprintf '\\n@@rc %d %%d\\n' $?\n", i, blk.Script, i)
	}
	return b.String()
}

// labOutputs splits the script's output back into each block's output and
// exit code; a block that never ended (the lab timed out) has none.
func labOutputs(out string, n int) (outs []string, codes []int) {
	outs, codes = make([]string, n), make([]int, n)
	for i := range codes {
		codes[i] = -1
	}
	cur := -1
	for _, line := range strings.SplitAfter(out, "\n") {
		var i, rc int
		if _, err := fmt.Sscanf(line, "@@block %d\n", &i); err == nil && i < n {
			cur = i
			continue
		}
		if _, err := fmt.Sscanf(line, "@@rc %d %d\n", &i, &rc); err == nil && i < n {
			codes[i], cur = rc, -1
			continue
		}
		if cur >= 0 {
			outs[cur] += line
		}
	}
	return outs, codes
}

func TestWorkshopLabs(t *testing.T) {
	labs, err := filepath.Glob("../docs/workshop/[0-9][0-9]-*.md")
	if err != nil || len(labs) == 0 {
		t.Fatalf("no labs in docs/workshop (%v)", err)
	}
	for _, lab := range labs {
		t.Run(strings.TrimSuffix(filepath.Base(lab), ".md"), func(t *testing.T) { runLab(t, lab) })
	}
}

func runLab(t *testing.T, path string) {
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := parseLab(string(text))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	dir, err := os.MkdirTemp(testTmp, "lab-")
	if err != nil {
		t.Fatal(err)
	}
	env := append(envWith(filepath.Join(dir, "root"), filepath.Join(dir, "state")),
		"PATH="+binDir+":"+os.Getenv("PATH"), "HOME="+dir, "DOCKER_CONFIG="+filepath.Join(dir, ".docker"))
	t.Cleanup(func() { cleanLab(t, env, dir) })
	out := runLabScript(t, env, dir, labScript(blocks))
	outs, codes := labOutputs(out, len(blocks))
	for i, blk := range blocks {
		where := fmt.Sprintf("%s:%d", filepath.Base(path), blk.Line)
		if codes[i] < 0 {
			t.Fatalf("%s: the block did not finish (the lab timed out):\n%s\n--- output\n%s", where, blk.Script, outs[i])
		}
		if codes[i] != blk.Exit {
			t.Errorf("%s: exit code %d, the lab says %d:\n%s\n--- output\n%s", where, codes[i], blk.Exit, blk.Script, outs[i])
		}
		for _, re := range blk.Expect {
			if !re.MatchString(outs[i]) {
				t.Errorf("%s: output does not show %q:\n%s\n--- output\n%s", where, re, blk.Script, outs[i])
			}
		}
	}
}

// labTimeout bounds one lab; its process group is killed after it.
const labTimeout = 3 * time.Minute

func runLabScript(t *testing.T, env []string, dir, script string) string {
	ctx, cancel := context.WithTimeout(context.Background(), labTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "--noprofile", "--norc", "-c", script)
	cmd.Env, cmd.Dir = env, dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	out, _ := cmd.CombinedOutput()
	// What a lab left running in the background (a registry whose kill
	// line was never reached) goes with the lab's process group.
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	if ctx.Err() != nil {
		t.Errorf("lab timed out after %v", labTimeout)
	}
	return string(out)
}

// cleanLab removes what a lab left: its containers, mounts and dir.
func cleanLab(t *testing.T, env []string, dir string) {
	tentBin := filepath.Join(binDir, "tent")
	out, _ := runQuiet(env, tentBin, "ps", "-a", "-q")
	for _, id := range strings.Fields(out) {
		if _, err := runQuiet(env, tentBin, "rm", "-f", "-v", id); err != nil {
			t.Errorf("lab cleanup: tent rm -f %s: %v", id, err)
		}
	}
	if err := unmountUnder(dir); err != nil {
		t.Errorf("lab cleanup: %v (leaving %s)", err, dir)
		return
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Errorf("lab cleanup: %v", err)
	}
}
