//! The controller registry: every component that is woken by watch events and timers
//! (kube-controller-manager's controllers, the scheduler, the kubelets) is one
//! [`Controller`], registered once by the composition root (the `cluster` module). The runtime
//! iterates the registry; it never names a controller.
//!
//! The registry order is the order in which the controllers' informer handlers run for one
//! watch event, and so the order in which the keys they add join the FIFO. Upstream runs
//! each controller's handlers on its own goroutine, so it has no such order; kubestep fixes
//! one (see `controllers` in the `cluster` module).

use std::any::Any;
use std::borrow::Cow;

use super::Runtime;
use super::flowcontrol::Clients;
use super::queue::{CtlId, Key};
use super::step::StepCtx;
use crate::object::Kind;
use crate::profile::Profile;
use crate::store::WatchEvent;

/// Cloning and downcasting for boxed controllers (implemented for every `Clone` controller).
pub trait ControllerBase {
    fn clone_box(&self) -> Box<dyn Controller>;
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl<T: Controller + Clone + 'static> ControllerBase for T {
    fn clone_box(&self) -> Box<dyn Controller> {
        Box::new(self.clone())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// A component of the control plane or a node: its informer event handlers and its sync.
///
/// While a controller's method runs, [`Runtime::work`] builds work items for it, so
/// `rt.enqueue(rt.work(OP, key))` queues the controller's own key.
pub trait Controller: ControllerBase {
    /// The component name shown in step lines (`deployment-controller`).
    fn name(&self) -> &'static str;

    /// The component that processes `key` of queue `op`, when it is not [`Controller::name`]
    /// (one kubelet per node: `kubelet/worker-1`).
    fn component(&self, _op: u8, _key: &Key) -> Cow<'static, str> {
        Cow::Borrowed(self.name())
    }

    /// The REST clients the component calls the API through, with their rate limits
    /// (`None`: not rate limited).
    fn clients(&self, _profile: Profile) -> Option<Clients> {
        None
    }

    /// Calls on `kind` that go through a client with no rate limit (the kubelet's heartbeat
    /// client: Leases and node status).
    fn unlimited(&self, _kind: Kind) -> bool {
        false
    }

    /// Whether the controller's informers watch objects of `kind`.
    fn watches(&self, kind: Kind) -> bool;

    /// The informer event handlers (`AddFunc`/`UpdateFunc`/`DeleteFunc`): look at one watch
    /// event and enqueue keys. They must not write to the API.
    fn on_event(&mut self, rt: &mut Runtime, ev: &WatchEvent);

    /// Process one key of queue `op` (one step if it writes anything).
    fn sync(&mut self, rt: &mut Runtime, cx: &mut StepCtx, op: u8, key: &Key);
}

/// The registered controllers, in order.
#[derive(Default)]
pub struct Registry {
    ctls: Vec<Box<dyn Controller>>,
}

impl Clone for Registry {
    fn clone(&self) -> Registry {
        Registry {
            ctls: self.ctls.iter().map(|c| c.clone_box()).collect(),
        }
    }
}

impl Registry {
    /// Add a controller; returns its id.
    pub fn register(&mut self, c: Box<dyn Controller>) -> CtlId {
        self.ctls.push(c);
        (self.ctls.len() - 1) as CtlId
    }

    /// The number of registered controllers.
    pub fn len(&self) -> usize {
        self.ctls.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ctls.is_empty()
    }

    /// The controller with this id.
    pub fn at(&mut self, id: CtlId) -> Option<&mut Box<dyn Controller>> {
        self.ctls.get_mut(id as usize)
    }

    /// Replace every controller by a stateless stand-in, one at a time, calling `freed`
    /// with its name after each (`examples/memory.rs` measures what each one holds).
    #[doc(hidden)]
    pub fn free_each(&mut self, freed: &mut dyn FnMut(&str)) {
        for i in 0..self.ctls.len() {
            let name = self.ctls[i].name();
            self.ctls[i] = Box::new(Freed(name));
            freed(&format!("controller {}", name));
        }
    }

    /// The names of the registered controllers, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.ctls.iter().map(|c| c.name()).collect()
    }

    /// The id of the controller of type `T`.
    pub fn id_of<T: 'static>(&self) -> Option<CtlId> {
        self.ctls
            .iter()
            .position(|c| c.as_any().is::<T>())
            .map(|i| i as CtlId)
    }

    /// The controller of type `T`.
    pub fn get<T: 'static>(&self) -> Option<&T> {
        self.ctls
            .iter()
            .find_map(|c| c.as_any().downcast_ref::<T>())
    }

    /// The controller of type `T`, mutably.
    pub fn get_mut<T: 'static>(&mut self) -> Option<&mut T> {
        self.ctls
            .iter_mut()
            .find_map(|c| c.as_any_mut().downcast_mut::<T>())
    }

    /// The component that processes a controller's work item.
    pub fn component(&self, ctl: CtlId, op: u8, key: &Key) -> String {
        self.ctls
            .get(ctl as usize)
            .map(|c| c.component(op, key).into_owned())
            .unwrap_or_default()
    }

    /// The clients of a controller.
    pub fn clients(&self, ctl: CtlId, profile: Profile) -> Option<Clients> {
        self.ctls.get(ctl as usize)?.clients(profile)
    }

    /// Whether a controller's calls on `kind` are not rate limited.
    pub fn unlimited(&self, ctl: CtlId, kind: Kind) -> bool {
        self.ctls
            .get(ctl as usize)
            .is_some_and(|c| c.unlimited(kind))
    }

    /// Run every handler of every controller that watches the event's kind, in order.
    pub(crate) fn dispatch(&mut self, rt: &mut Runtime, ev: &WatchEvent) {
        let kind = ev.obj.kind();
        for (i, c) in self.ctls.iter_mut().enumerate() {
            if c.watches(kind) {
                rt.active = i as CtlId;
                c.on_event(rt, ev);
            }
        }
    }
}

/// What [`Registry::free_each`] leaves in a controller's place.
#[derive(Clone)]
struct Freed(&'static str);

impl Controller for Freed {
    fn name(&self) -> &'static str {
        self.0
    }
    fn watches(&self, _kind: Kind) -> bool {
        false
    }
    fn on_event(&mut self, _rt: &mut Runtime, _ev: &WatchEvent) {}
    fn sync(&mut self, _rt: &mut Runtime, _cx: &mut StepCtx, _op: u8, _key: &Key) {}
}
