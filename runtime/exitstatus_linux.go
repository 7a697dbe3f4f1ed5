package runtime

import "syscall"

type syscallWaitStatus = syscall.WaitStatus
