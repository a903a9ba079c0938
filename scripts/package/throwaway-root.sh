#!/usr/bin/env bash
# For the package tests: turns the fresh mount, network and PID namespace it runs in (unshare) into a
# throwaway copy of this host: /etc, /opt, /usr and /var are overlays on a tmpfs in /run (what dpkg
# writes there never reaches the host), /tmp is a tmpfs, the host's other directories are read-only
# (/proc/sys and /sys too), Node.js, npm and pnpm are deleted, the network is loopback only with just
# 127.0.0.1 answering. Then it waits to be killed, or with --systemd it becomes systemd, PID 1
# of the namespace (which needs a cgroup namespace of its own too). The tests enter it with nsenter.
#   unshare --mount --net --pid --fork --kill-child throwaway-root.sh
#   unshare --cgroup --mount --net --pid --fork --kill-child throwaway-root.sh --systemd
set -euo pipefail
mount --make-rprivate /
mount -t tmpfs -o mode=0755 tmpfs /run
layers=/run/.layers
install -d -m 0700 "$layers"
for dir in etc opt usr var; do
  mkdir -p "$layers/$dir/upper" "$layers/$dir/work"
  mount -t overlay overlay -o "lowerdir=/$dir,upperdir=$layers/$dir/upper,workdir=$layers/$dir/work" "/$dir"
done
mount -t proc proc /proc
# nothing else of the host may change: not its files, not the kernel's settings. (/ itself stays
# writable: with a read-only /, dpkg -r's rmdir of /opt fails with EROFS instead of "not empty".)
for dir in /*/; do
  case "$dir" in /etc/|/opt/|/usr/|/var/|/proc/|/sys/|/dev/|/run/|/tmp/) continue ;; esac
  [ -L "${dir%/}" ] || { mount --bind "$dir" "$dir" && mount -o remount,bind,ro "$dir"; }
done
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount --bind /proc/sys /proc/sys && mount -o remount,bind,ro /proc/sys
mount -o remount,bind,ro /sys
rm -rf /usr/bin/node /usr/bin/npm /usr/bin/npx /usr/bin/pnpm /usr/bin/pnpx /usr/bin/corepack \
  /usr/lib/node_modules /usr/local/bin/node /usr/local/lib/node_modules /usr/include/node
# a container image's "start no services" policy; an ordinary host has none
rm -f /usr/sbin/policy-rc.d
ip link set lo up
ip addr del 127.0.0.1/8 dev lo
ip addr add 127.0.0.1/32 dev lo

if [ "${1:-}" != --systemd ]; then
  echo ready
  exec sleep infinity
fi
# a /dev of its own (the journal puts /dev/log there), with the host's harmless device nodes
mkdir /run/.hostdev
mount --rbind /dev /run/.hostdev
mount -t tmpfs -o mode=0755,nosuid tmpfs /dev
for node in null zero full random urandom tty; do
  touch "/dev/$node" && mount --bind "/run/.hostdev/$node" "/dev/$node"
done
umount -l /run/.hostdev
mkdir /dev/pts /dev/shm
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts /dev/pts
ln -s pts/ptmx /dev/ptmx
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
# systemd's own cgroup tree: the cgroup namespace's root, not the host's
mount -t tmpfs -o mode=0755 tmpfs /sys/fs/cgroup
mkdir /sys/fs/cgroup/systemd
mount -t cgroup -o none,name=systemd cgroup /sys/fs/cgroup/systemd
# boot into a target that starts only the journal, and mask what sysinit.target would do to a real
# machine (kernel modules and settings, device nodes, clock): the host's own services stay out
mkdir -p /run/systemd/system
printf '[Unit]\nDescription=Package test\nWants=systemd-journald.service\n' > /run/systemd/system/package-test.target
for unit in systemd-modules-load.service systemd-sysctl.service systemd-tmpfiles-setup.service \
  systemd-tmpfiles-setup-dev.service systemd-tmpfiles-clean.timer systemd-remount-fs.service systemd-binfmt.service \
  systemd-random-seed.service systemd-udevd.service systemd-udev-trigger.service systemd-hwdb-update.service \
  systemd-firstboot.service systemd-machine-id-commit.service systemd-timesyncd.service systemd-pstore.service; do
  ln -sf /dev/null "/run/systemd/system/$unit"
done
echo ready
exec setpriv --bounding-set=-sys_module,-sys_time,-sys_boot,-sys_rawio,-syslog,-mknod \
  env -i container=package-test /lib/systemd/systemd --system --unit=package-test.target
