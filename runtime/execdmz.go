package runtime

import (
	"encoding/binary"
	goruntime "runtime"
	"slices"
)

// The exec trampoline ("dmz", as runc calls its own): a static ELF of a few
// dozen instructions that exec's fast path runs first, from a read-only
// bind mount. Its fd 3 is its own file (tent opened it), fd 4 a table of
// rlimits (prlimit(2) entries: u32 resource, u32 pad, u64 soft, u64 hard),
// fd 5 where it writes "0" (dmzJoinFD). It closes fd 3, failing when that
// fd was not open (it then is not the one tent started: a
// `#!/proc/self/exe` script made it its interpreter), writes "0" to fd 5,
// applies the rlimits, closes every fd from 4 on (close_range(2)) and
// execs its argv[0] with argv[1:] as the argv and its own environment.
// The process that execs the user's command is thus this file, never a
// tent binary on the host (CVE-2019-5736), and no fd of tent's reaches the
// command. Exit status: 126 when it cannot exec (or apply a limit), 127
// when the file is gone; 126 and dmzJoinMsg on stderr when the write to fd
// 5 fails.
//
// The write is how a process forked with plain clone joins the container's
// cgroup v2: fd 5 is the cgroup's cgroup.procs, opened by tent on the host,
// and writing "0" moves the writer (the kernel checks the move against the
// opener's credentials and cgroup namespace since Linux 5.16). A process
// born in its cgroup (clone3 CLONE_INTO_CGROUP, or cgroup v1's thread
// join) gets /dev/null there: a missing fd 5 fails the exec, so the
// command never runs outside the cgroup by mistake.
//
// The file's mode is 0111: the process that execs it has no
// CAP_DAC_OVERRIDE or CAP_DAC_READ_SEARCH in its effective set
// (exec_fast_thread_linux.go), so the kernel finds the file unreadable and
// makes the process non-dumpable (would_dump): until it execs the command,
// no process of the container can ptrace it or open its /proc/PID/fd, and
// so cannot stop it before its write or take its fds.

// dmzJoinFD is the trampoline's fd that it writes "0" to.
const dmzJoinFD = 5

// dmzJoinMsg is what it writes to stderr when that write fails.
const dmzJoinMsg = "tent: exec: cannot join the container's cgroup\n"

// dmzTextAMD64 is the x86-64 machine code, entered with the stack as the
// kernel leaves it: argc, argv..., NULL, envp...; "0" and dmzJoinMsg
// follow it (rip-relative): dmzCodeAMD64().
var dmzTextAMD64 = []byte{
	0x48, 0x89, 0xe5, // mov rbp, rsp
	0xbf, 0x03, 0x00, 0x00, 0x00, // mov edi, 3
	0xb8, 0x03, 0x00, 0x00, 0x00, // mov eax, 3 (close)
	0x0f, 0x05, // syscall
	0x48, 0x85, 0xc0, // test rax, rax
	0x0f, 0x85, 0xa1, 0x00, 0x00, 0x00, // jne fail
	0xbf, 0x05, 0x00, 0x00, 0x00, // mov edi, 5
	0x48, 0x8d, 0x35, 0xcb, 0x00, 0x00, 0x00, // lea rsi, [rip+0xcb]     "0"
	0xba, 0x01, 0x00, 0x00, 0x00, // mov edx, 1
	0xb8, 0x01, 0x00, 0x00, 0x00, // mov eax, 1 (write)
	0x0f, 0x05, // syscall
	0x48, 0x83, 0xf8, 0x01, // cmp rax, 1
	0x0f, 0x85, 0x96, 0x00, 0x00, 0x00, // jne joinfail
	0x48, 0x81, 0xec, 0x00, 0x04, 0x00, 0x00, // sub rsp, 1024
	0xbf, 0x04, 0x00, 0x00, 0x00, // mov edi, 4
	0x48, 0x89, 0xe6, // mov rsi, rsp
	0xba, 0x00, 0x04, 0x00, 0x00, // mov edx, 1024
	0x31, 0xc0, // xor eax, eax (read)
	0x0f, 0x05, // syscall
	0x48, 0x85, 0xc0, // test rax, rax
	0x78, 0x62, // js fail
	0x48, 0x89, 0xe3, // mov rbx, rsp             entry
	0x4c, 0x8d, 0x24, 0x04, // lea r12, [rsp+rax]      end of the table
	// loop:
	0x4c, 0x8d, 0x73, 0x18, // lea r14, [rbx+24]
	0x4d, 0x39, 0xe6, // cmp r14, r12
	0x77, 0x1d, // ja done
	0x31, 0xff, // xor edi, edi (pid 0: self)
	0x8b, 0x33, // mov esi, [rbx] (resource)
	0x48, 0x8d, 0x53, 0x08, // lea rdx, [rbx+8] (soft, hard)
	0x45, 0x31, 0xd2, // xor r10d, r10d
	0xb8, 0x2e, 0x01, 0x00, 0x00, // mov eax, 302 (prlimit64)
	0x0f, 0x05, // syscall
	0x48, 0x85, 0xc0, // test rax, rax
	0x75, 0x3b, // jne fail
	0x48, 0x83, 0xc3, 0x18, // add rbx, 24
	0xeb, 0xda, // jmp loop
	// done:
	0x48, 0x89, 0xec, // mov rsp, rbp
	0xbf, 0x04, 0x00, 0x00, 0x00, // mov edi, 4
	0xbe, 0xff, 0xff, 0xff, 0xff, // mov esi, ~0
	0x31, 0xd2, // xor edx, edx
	0xb8, 0xb4, 0x01, 0x00, 0x00, // mov eax, 436 (close_range)
	0x0f, 0x05, // syscall
	0x48, 0x85, 0xc0, // test rax, rax
	0x75, 0x1a, // jne fail
	0x48, 0x8b, 0x7c, 0x24, 0x08, // mov rdi, [rsp+8]         argv[0]: the file
	0x48, 0x8d, 0x74, 0x24, 0x10, // lea rsi, [rsp+16]        &argv[1]
	0x48, 0x8b, 0x04, 0x24, // mov rax, [rsp]             argc
	0x48, 0x8d, 0x54, 0xc4, 0x10, // lea rdx, [rsp+rax*8+16]  envp
	0xb8, 0x3b, 0x00, 0x00, 0x00, // mov eax, 59 (execve)
	0x0f, 0x05, // syscall
	// fail:
	0xbf, 0x7e, 0x00, 0x00, 0x00, // mov edi, 126
	0x48, 0x83, 0xf8, 0xfe, // cmp rax, -ENOENT
	0x75, 0x05, // jne out
	0xbf, 0x7f, 0x00, 0x00, 0x00, // mov edi, 127
	// out:
	0xb8, 0xe7, 0x00, 0x00, 0x00, // mov eax, 231 (exit_group)
	0x0f, 0x05, // syscall
	// joinfail:
	0xbf, 0x02, 0x00, 0x00, 0x00, // mov edi, 2
	0x48, 0x8d, 0x35, 0x14, 0x00, 0x00, 0x00, // lea rsi, [rip+0x14]     dmzJoinMsg
	0xba, 0x2f, 0x00, 0x00, 0x00, // mov edx, 47 (len(dmzJoinMsg))
	0xb8, 0x01, 0x00, 0x00, 0x00, // mov eax, 1 (write)
	0x0f, 0x05, // syscall
	0xbf, 0x7e, 0x00, 0x00, 0x00, // mov edi, 126
	0xeb, 0xda, // jmp out
}

// dmzCodeAMD64 is the trampoline's code and data, made on use (an append at
// package init ran at every start).
func dmzCodeAMD64() []byte {
	return append(slices.Clip(dmzTextAMD64), "0"+dmzJoinMsg...)
}

// dmzRlimit is one entry of the trampoline's rlimit table.
type dmzRlimit struct {
	resource   uint32
	soft, hard uint64
}

// dmzRlimitTable encodes the table the trampoline reads from its fd 4.
func dmzRlimitTable(rs []dmzRlimit) []byte {
	b := make([]byte, 0, 24*len(rs))
	for _, r := range rs {
		b = binary.LittleEndian.AppendUint32(b, r.resource)
		b = binary.LittleEndian.AppendUint32(b, 0)
		b = binary.LittleEndian.AppendUint64(b, r.soft)
		b = binary.LittleEndian.AppendUint64(b, r.hard)
	}
	return b
}

// dmzMaxRlimits is what fits the 1024 bytes the trampoline reads.
const dmzMaxRlimits = 1024 / 24

const (
	dmzBase    = 0x400000
	elfHdrLen  = 64
	elfPhdrLen = 56
)

// dmzELF is the trampoline for this arch, nil where there is none (exec
// then takes the stage-2 path).
func dmzELF() []byte {
	if goruntime.GOARCH != "amd64" {
		return nil
	}
	return elfExec(0x3e, dmzCodeAMD64())
}

// elfExec wraps code in a 64-bit little-endian ET_EXEC with one PT_LOAD
// (read, execute) of the whole file at dmzBase; the entry is the code.
func elfExec(machine uint16, code []byte) []byte {
	n := elfHdrLen + elfPhdrLen + len(code)
	b := make([]byte, elfHdrLen+elfPhdrLen, n)
	le := binary.LittleEndian
	copy(b, []byte{0x7f, 'E', 'L', 'F', 2, 1, 1}) // ELFCLASS64, ELFDATA2LSB, EV_CURRENT
	le.PutUint16(b[16:], 2)                       // ET_EXEC
	le.PutUint16(b[18:], machine)
	le.PutUint32(b[20:], 1)
	le.PutUint64(b[24:], dmzBase+elfHdrLen+elfPhdrLen) // e_entry
	le.PutUint64(b[32:], elfHdrLen)                    // e_phoff
	le.PutUint16(b[52:], elfHdrLen)
	le.PutUint16(b[54:], elfPhdrLen)
	le.PutUint16(b[56:], 1) // e_phnum
	ph := b[elfHdrLen:]
	le.PutUint32(ph[0:], 1) // PT_LOAD
	le.PutUint32(ph[4:], 5) // PF_R|PF_X
	le.PutUint64(ph[16:], dmzBase)
	le.PutUint64(ph[24:], dmzBase)
	le.PutUint64(ph[32:], uint64(n))
	le.PutUint64(ph[40:], uint64(n))
	le.PutUint64(ph[48:], 0x1000)
	return append(b, code...)
}
