package engine

import (
	"errors"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/container"
)

// TestRemoveImageInUse is rmi's policy: an image a container (running or
// not) was made from is kept until that container is removed; rmi -f only
// untags it.
func TestRemoveImageInUse(t *testing.T) {
	env := newTestEnv(t)
	img := env.addImage(t, testRef, v1.Config{Cmd: []string{"app"}})
	env.addImage(t, "example.com/unused:1", v1.Config{Cmd: []string{"other"}})
	rec := env.addRecord(t, img, RunOptions{Image: testRef}, container.State{Status: container.StatusExited})
	if _, err := env.e.RemoveImage(testRef, false); !errors.Is(err, image.ErrInUse) {
		t.Fatalf("rmi of an image in use: %v", err)
	}
	if _, err := env.e.RemoveImage("example.com/unused:1", false); err != nil {
		t.Fatalf("rmi of an unused image: %v", err)
	}
	rm, err := env.e.RemoveImage(testRef, true)
	if err != nil || len(rm.Untagged) != 1 || len(rm.Deleted) != 0 {
		t.Fatalf("rmi -f: %+v, %v; want untagged only", rm, err)
	}
	if _, err := env.e.Images.Resolve(img.ID); err != nil {
		t.Fatalf("rmi -f removed the image of a container: %v", err)
	}
	if err := env.e.Remove(rec.ID, false); err != nil {
		t.Fatal(err)
	}
	if rm, err := env.e.RemoveImage(img.ID, false); err != nil || len(rm.Deleted) == 0 {
		t.Fatalf("rmi once the container is gone: %+v, %v", rm, err)
	}
}

func TestImageInUse(t *testing.T) {
	env := newTestEnv(t)
	img := env.addImage(t, testRef, v1.Config{Cmd: []string{"app"}})
	if env.e.imageInUse(img.ID) {
		t.Error("in use without containers")
	}
	env.addRecord(t, img, RunOptions{Image: testRef}, container.State{Status: container.StatusCreated})
	if !env.e.imageInUse(img.ID) || env.e.imageInUse("sha256:"+testID) {
		t.Error("in use: by the record's image id only")
	}
	if (&Engine{}).imageInUse(img.ID) {
		t.Error("an engine without containers keeps images")
	}
}
