package engine

import (
	"time"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/volume"
)

// DiskUsage is `system df`: each image, container and volume with its
// size, and the build cache.
type DiskUsage struct {
	Images     []ImageUsage
	Containers []ContainerUsage
	Volumes    []VolumeUsage
	BuildCache int64
}

// ImageUsage is one image's size and how many containers use it.
type ImageUsage struct {
	ID         string
	Names      []string
	Created    time.Time
	Size       int64
	Containers int
}

// ContainerUsage is one container's writable layer.
type ContainerUsage struct {
	ID, Name, Image, Command, Status string
	Created                          time.Time
	Running                          bool
	Size                             int64 // its upper dir
	Volumes                          int
}

// VolumeUsage is one volume's content and how many containers use it.
type VolumeUsage struct {
	Name  string
	Links int
	Size  int64
}

// DiskUsage measures what the store holds.
func (e *Engine) DiskUsage() (DiskUsage, error) {
	var du DiskUsage
	recs, err := e.Containers.List()
	if err != nil {
		return du, err
	}
	imgs, err := e.Images.List()
	if err != nil {
		return du, err
	}
	users := map[string]int{}
	for _, r := range recs {
		users[r.ImageID]++
		du.Containers = append(du.Containers, e.containerUsage(r))
	}
	for _, img := range imgs {
		du.Images = append(du.Images, ImageUsage{ID: img.ID, Names: img.Names, Created: img.Created, Size: img.Size, Containers: users[img.ID]})
	}
	vs, err := e.Volumes()
	if err != nil {
		return du, err
	}
	vols, err := vs.List()
	if err != nil {
		return du, err
	}
	for _, v := range vols {
		du.Volumes = append(du.Volumes, VolumeUsage{Name: v.Name, Links: len(container.VolumeUsers(recs, v.Name, "")), Size: vs.Size(v.Name)})
	}
	du.BuildCache = volume.DirSize(e.Layout.BuildCacheDir())
	return du, nil
}

func (e *Engine) containerUsage(r *container.Record) ContainerUsage {
	vols := 0
	for _, m := range r.Mounts {
		if m.Type == "volume" {
			vols++
		}
	}
	cmd := r.Path
	for _, a := range r.Args {
		cmd += " " + a
	}
	return ContainerUsage{ID: r.ID, Name: r.Name, Image: r.Image, Command: cmd, Status: r.State.Status, Created: r.Created,
		Running: r.State.Status == container.StatusRunning, Size: volume.DirSize(e.Layout.UpperDir(r.ID)), Volumes: vols}
}
