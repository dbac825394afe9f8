#!/usr/bin/env python3
"""A Wayland desktop's GlobalShortcuts portal (org.freedesktop.portal.GlobalShortcuts) on the
test's private session bus, as GNOME 48 and KDE Plasma 6 offer it: sessions are made and
shortcuts bound through Request objects that answer with a Response signal, and a press is the
Activated signal. The test reads what was bound and presses keys through a control interface."""
import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

PATH = "/org/freedesktop/portal/desktop"
SHORTCUTS = "org.freedesktop.portal.GlobalShortcuts"
REQUEST = "org.freedesktop.portal.Request"
CONTROL = "app.switchboard.test.ShortcutPortal"


def sender_part(sender):
    return sender[1:].replace(".", "_")


class Request(dbus.service.Object):
    @dbus.service.signal(REQUEST, signature="ua{sv}")
    def Response(self, response, results):
        pass


class Portal(dbus.service.Object):
    def __init__(self, bus):
        super().__init__(bus, PATH)
        self.bus = bus
        self.bound = []  # (session, id, preferred trigger)

    def answer(self, sender, token, results):
        """The call's Request object; its Response comes after the call has returned."""
        path = f"{PATH}/request/{sender_part(sender)}/{token}"
        request = Request(self.bus, path)

        def respond():
            request.Response(dbus.UInt32(0), dbus.Dictionary(results, signature="sv"))
            request.remove_from_connection()
            return False
        GLib.idle_add(respond)
        return dbus.ObjectPath(path)

    @dbus.service.method(SHORTCUTS, in_signature="a{sv}", out_signature="o", sender_keyword="sender")
    def CreateSession(self, options, sender):
        session = f"{PATH}/session/{sender_part(sender)}/{options['session_handle_token']}"
        return self.answer(sender, options["handle_token"], {"session_handle": dbus.String(session)})

    @dbus.service.method(SHORTCUTS, in_signature="oa(sa{sv})sa{sv}", out_signature="o", sender_keyword="sender")
    def BindShortcuts(self, session, shortcuts, parent_window, options, sender):
        for shortcut_id, wanted in shortcuts:
            self.bound.append((str(session), str(shortcut_id), str(wanted.get("preferred_trigger", ""))))
        given = dbus.Array([(i, {"trigger_description": w.get("preferred_trigger", "")}) for i, w in shortcuts],
                           signature="(sa{sv})")
        return self.answer(sender, options["handle_token"], {"shortcuts": given})

    @dbus.service.signal(SHORTCUTS, signature="osta{sv}")
    def Activated(self, session_handle, shortcut_id, timestamp, options):
        pass

    @dbus.service.method(CONTROL, out_signature="a(ss)")
    def Bound(self):
        return [(shortcut_id, trigger) for _, shortcut_id, trigger in self.bound]

    @dbus.service.method(CONTROL, in_signature="s")
    def Press(self, shortcut_id):
        for session, bound_id, _ in self.bound:
            if bound_id == shortcut_id:
                self.Activated(dbus.ObjectPath(session), bound_id, dbus.UInt64(0), dbus.Dictionary({}, signature="sv"))


if __name__ == "__main__":
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    portal = Portal(bus)
    name = dbus.service.BusName("org.freedesktop.portal.Desktop", bus)
    GLib.MainLoop().run()
