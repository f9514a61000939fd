// probe: the small measurements of bench/compare that neither benchmark tool makes.
//
//	probe first-get --endpoint HOST:PORT --since EPOCH_SECONDS [--timeout 300s]
//	    Waits for the server's first successful linearizable Get (of the key "probe") and prints
//	    "seconds=<s>": the time from --since (the caller's $EPOCHREALTIME just before it started
//	    the server) until that Get returned. Each attempt uses a fresh connection, so the gRPC
//	    reconnect backoff never adds to the figure; attempts are 5 ms apart.
//	probe count --endpoint HOST:PORT
//	    One linearizable count-only range over every key; prints "count=<n> seconds=<s>".
//	probe idle-watch --endpoint HOST:PORT --watchers N --streams S
//	    Opens N watchers on distinct keys (/idle/000000, ...) spread round robin over S watch
//	    streams of one connection, waits for every "created" response, prints "ready watchers=<n>"
//	    and then holds them (idle) until killed.
//
// Built in GOPATH mode against Debian's golang-etcd-server-dev (clientv3 3.4).
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"time"

	"go.etcd.io/etcd/clientv3"
)

func main() {
	if len(os.Args) < 2 {
		fail("usage: probe first-get|count|idle-watch --endpoint HOST:PORT ...")
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	endpoint := fs.String("endpoint", "127.0.0.1:2379", "client endpoint")
	since := fs.Float64("since", 0, "start time, seconds since the epoch (first-get)")
	timeout := fs.Duration("timeout", 300*time.Second, "give up after this long (first-get)")
	watchers := fs.Int("watchers", 1000, "watchers (idle-watch)")
	streams := fs.Int("streams", 10, "watch streams (idle-watch)")
	_ = fs.Parse(os.Args[2:])
	switch os.Args[1] {
	case "first-get":
		firstGet(*endpoint, *since, *timeout)
	case "count":
		count(*endpoint)
	case "idle-watch":
		idleWatch(*endpoint, *watchers, *streams)
	default:
		fail("unknown command " + os.Args[1])
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "probe:", msg)
	os.Exit(1)
}

func connect(endpoint string) *clientv3.Client {
	c, err := clientv3.New(clientv3.Config{Endpoints: []string{endpoint}, DialTimeout: 5 * time.Second})
	if err != nil {
		fail(err.Error())
	}
	return c
}

func firstGet(endpoint string, since float64, timeout time.Duration) {
	start := time.Unix(0, int64(since*1e9))
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if tcp, err := net.DialTimeout("tcp", endpoint, 100*time.Millisecond); err == nil {
			tcp.Close()
			if tryGet(endpoint) {
				fmt.Printf("seconds=%.3f\n", time.Since(start).Seconds())
				return
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	fail("no successful linearizable get within " + timeout.String())
}

func tryGet(endpoint string) bool {
	c, err := clientv3.New(clientv3.Config{Endpoints: []string{endpoint}})
	if err != nil {
		return false
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err = c.Get(ctx, "probe")
	return err == nil
}

func count(endpoint string) {
	c := connect(endpoint)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	resp, err := c.Get(ctx, "\x00", clientv3.WithFromKey(), clientv3.WithCountOnly())
	if err != nil {
		fail(err.Error())
	}
	fmt.Printf("count=%d seconds=%.3f\n", resp.Count, time.Since(start).Seconds())
}

func idleWatch(endpoint string, watchers, streams int) {
	c := connect(endpoint)
	defer c.Close()
	ws := make([]clientv3.Watcher, streams)
	for i := range ws {
		ws[i] = clientv3.NewWatcher(c)
	}
	chans := make([]clientv3.WatchChan, watchers)
	for i := range chans {
		chans[i] = ws[i%streams].Watch(context.Background(), fmt.Sprintf("/idle/%06d", i), clientv3.WithCreatedNotify())
	}
	deadline := time.After(5 * time.Minute)
	for i, ch := range chans {
		select {
		case resp, ok := <-ch:
			if !ok || !resp.Created {
				fail(fmt.Sprintf("watcher %d: no created response (%v)", i, resp.Err()))
			}
		case <-deadline:
			fail("watchers not created within 5 minutes")
		}
	}
	fmt.Printf("ready watchers=%d\n", watchers)
	select {}
}
