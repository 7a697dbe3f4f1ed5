# sinit: the static init's x86-64 code (runtime/sinit_code.go embeds the
# bytes; TestSinitCodeMatchesSource re-assembles this file when `as` exists).
#   as --64 -o sinit.o sinit_amd64.s && objcopy -O binary -j .text sinit.o sinit.bin
# Entered as an ELF entry point. Reads the table (runtime/sinit_table.go)
# from fd 3 into an anonymous mapping, relocates its slots, runs its entries;
# reports {u32 index, u32 errno} on fd 4 and exits 126 (127: final execve,
# ENOENT) when one fails. Registers: r12 table base, r13 total length,
# r15 bytes read, rbx entry count, rbp current entry, r14 its index.
	.intel_syntax noprefix
	.text
	.globl _start
_start:
	sub rsp, 16
	xor r15d, r15d
hdr:				# read the 16-byte header onto the stack
	xor eax, eax		# read
	mov edi, 3
	lea rsi, [rsp+r15]
	mov edx, 16
	sub edx, r15d
	syscall
	test rax, rax
	jle badsys		# error, or EOF before the header's end
	add r15, rax
	cmp r15, 16
	jb hdr
	cmp dword ptr [rsp], 0x314e4953	# "SIN1"
	jne badfmt
	mov r13d, dword ptr [rsp+4]	# total
	cmp r13, 16
	jb badfmt
	cmp r13, 0x100000	# 1 MiB
	ja badfmt
	xor edi, edi
	mov rsi, r13
	mov edx, 3		# PROT_READ|PROT_WRITE
	mov r10d, 0x22		# MAP_PRIVATE|MAP_ANONYMOUS
	mov r8, -1
	xor r9d, r9d
	mov eax, 9		# mmap
	syscall
	cmp rax, -4095
	jae badsys
	mov r12, rax
	mov rax, qword ptr [rsp]
	mov qword ptr [r12], rax
	mov rax, qword ptr [rsp+8]
	mov qword ptr [r12+8], rax
body:				# read the rest, up to total
	cmp r15, r13
	jae loaded
	xor eax, eax		# read
	mov edi, 3
	lea rsi, [r12+r15]
	mov rdx, r13
	sub rdx, r15
	syscall
	test rax, rax
	jle badsys
	add r15, rax
	jmp body
loaded:
	mov ecx, dword ptr [r12+8]	# relocation count
	lea rbx, [r12+16]		# first relocation
	lea rbp, [rbx+rcx*4+7]
	and rbp, -8			# first entry (8-aligned)
	mov eax, dword ptr [r12+12]	# entry count
	shl rax, 6
	add rax, rbp
	lea rdx, [r12+r13]
	cmp rax, rdx
	ja badfmt			# entries past the end
	lea rdx, [r13-8]
reloc:
	test ecx, ecx
	jz relocated
	mov eax, dword ptr [rbx]
	cmp rax, rdx
	ja badfmt			# slot past the end
	add qword ptr [r12+rax], r12
	add rbx, 4
	dec ecx
	jmp reloc
relocated:
	mov ebx, dword ptr [r12+12]
	xor r14d, r14d
run:
	cmp r14, rbx
	jae offend
	mov eax, dword ptr [rbp]
	mov rdi, qword ptr [rbp+8]
	mov rsi, qword ptr [rbp+16]
	mov rdx, qword ptr [rbp+24]
	mov r10, qword ptr [rbp+32]
	mov r8, qword ptr [rbp+40]
	mov r9, qword ptr [rbp+48]
	syscall
	cmp rax, -4095
	jb next
	neg eax				# errno
	cmp eax, dword ptr [rbp+4]
	jne fail			# not the allowed one
next:
	add rbp, 64
	inc r14
	jmp run
fail:
	mov edi, 126
	cmp eax, 2			# ENOENT
	jne report
	cmp dword ptr [rbp], 59		# execve
	jne report
	lea rdx, [r14+1]
	cmp rdx, rbx
	jne report			# not the last entry
	mov edi, 127
	jmp report
offend:					# fell off the end: index = count
	xor eax, eax
	mov edi, 126
	jmp report
badfmt:
	xor eax, eax
badsys:
	neg eax
	mov r14d, -1
	mov edi, 126
report:
	mov dword ptr [rsp], r14d
	mov dword ptr [rsp+4], eax
	mov r15d, edi
	mov edi, 4
	mov rsi, rsp
	mov edx, 8
	mov eax, 1			# write
	syscall
	mov edi, r15d
	mov eax, 231			# exit_group
	syscall
