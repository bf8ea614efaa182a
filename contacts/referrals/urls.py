"""Pages of contacts/referrals (included by contacts/urls.py under /g/<tenant_slug>/contacts/referrals/)."""

from django.urls import path

from contacts.referrals import reward_views, views

urlpatterns = [
    path("", views.referrals_mine, name="referrals_mine"),
    path("new/", views.referrals_new, name="referrals_new"),
    path("received/", views.referrals_received, name="referrals_received"),
    path("<int:pk>/", views.referrals_detail, name="referrals_detail"),
    path("<int:pk>/accept/", views.referrals_accept, name="referrals_accept"),
    path("<int:pk>/qualify/", views.referrals_qualify, name="referrals_qualify"),
    path("<int:pk>/win/", views.referrals_win, name="referrals_win"),
    path("<int:pk>/lose/", views.referrals_lose, name="referrals_lose"),
    path("rewards/", reward_views.referrals_reward_queue, name="referrals_reward_queue"),
    path("rewards/<int:pk>/approve/", reward_views.referrals_reward_approve, name="referrals_reward_approve"),
    path("rewards/<int:pk>/reject/", reward_views.referrals_reward_reject, name="referrals_reward_reject"),
    path("rewards/<int:pk>/pay/", reward_views.referrals_reward_mark_paid, name="referrals_reward_mark_paid"),
    path("payroll/", reward_views.referrals_payroll, name="referrals_payroll"),
    path("payroll/export.csv", reward_views.referrals_payroll_export, name="referrals_payroll_export"),
    path("rules/", reward_views.referrals_rules, name="referrals_rules"),
    path("rules/<int:pk>/change/", reward_views.referrals_rule_change, name="referrals_rule_change"),
    path("rules/<int:pk>/end/", reward_views.referrals_rule_end, name="referrals_rule_end"),
]
