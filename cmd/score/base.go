package main

import (
	"context"
	"fmt"

	"github.com/scoredev/score/app"
)

// pendingBase is the base of a change being scored in the background
// while the head is (score check, score ci): the two are independent until
// they are compared, and a machine has more than one core.
type pendingBase struct {
	cancel context.CancelFunc
	done   chan struct{}
	base   app.Base
	err    error
}

// startBase runs score in a goroutine. A panic in it costs the comparison
// only: the head is still scored and reported.
func startBase(ctx context.Context, score func(context.Context) (app.Base, error)) *pendingBase {
	ctx, cancel := context.WithCancel(ctx)
	pb := &pendingBase{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(pb.done)
		defer func() {
			if r := recover(); r != nil {
				pb.err = fmt.Errorf("internal error reading the base: %v", r)
			}
		}()
		pb.base, pb.err = score(ctx)
	}()
	return pb
}

// result waits for the base.
func (pb *pendingBase) result() (app.Base, error) {
	<-pb.done
	return pb.base, pb.err
}

// stop cancels the base if it is still being scored (the head failed) and
// waits for it.
func (pb *pendingBase) stop() {
	pb.cancel()
	<-pb.done
}
