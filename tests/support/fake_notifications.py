#!/usr/bin/python3
"""A stand-in for the desktop's notification service (org.freedesktop.Notifications) on the
session bus, for tests that run without a desktop. It accepts Notify calls and prints each
summary; the test observes the calls themselves with dbus-monitor."""

import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

NAME = "org.freedesktop.Notifications"


class Notifications(dbus.service.Object):
    def __init__(self, bus):
        super().__init__(dbus.service.BusName(NAME, bus), "/org/freedesktop/Notifications")
        self.next_id = 1

    @dbus.service.method(NAME, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app, replaces, icon, summary, body, actions, hints, timeout):
        print(summary, flush=True)
        self.next_id += 1
        return self.next_id - 1

    @dbus.service.method(NAME, in_signature="", out_signature="as")
    def GetCapabilities(self):
        return ["body", "actions"]

    @dbus.service.method(NAME, in_signature="u", out_signature="")
    def CloseNotification(self, id):
        pass

    @dbus.service.method(NAME, in_signature="", out_signature="ssss")
    def GetServerInformation(self):
        return ("fake", "clearance-tracker-tests", "1", "1.2")


DBusGMainLoop(set_as_default=True)
service = Notifications(dbus.SessionBus())
print("ready", flush=True)
sys.stdout.flush()
GLib.MainLoop().run()
